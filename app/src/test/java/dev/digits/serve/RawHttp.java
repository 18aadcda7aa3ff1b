package dev.digits.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One HTTP exchange over a plain socket, so that no client adds or checks headers on the way. */
final class RawHttp {

    /** The answer: its status, its whole head (status line and headers) and its body. */
    record Raw(int status, String head, String body) {}

    private RawHttp() {}

    /** Sends {@code head} (and {@code body}, if not null) to the server on {@code port} and reads the whole answer. */
    static Raw exchange(int port, String head, byte[] body, int timeoutMillis) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int split = all.indexOf("\r\n\r\n");
            String h = split < 0 ? all : all.substring(0, split);
            String b = split < 0 ? "" : all.substring(split + 4);
            return new Raw(Integer.parseInt(h.split(" ", 3)[1]), h, b);
        }
    }
}
