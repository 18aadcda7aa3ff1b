package dev.digits.serve;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses requests that a web page in the operator's browser could make to this server behind
 * their back (403): a {@code Host} that is not this server's name (a DNS-rebinding page reaching
 * a loopback server under its own name), and a {@code POST} that the browser says came from
 * another site ({@code Sec-Fetch-Site}, or an {@code Origin} other than the {@code Host}). A page
 * can post {@code multipart/form-data} or {@code image/png} without a CORS preflight, so being
 * bound to loopback alone does not keep it out. Clients that are not browsers (curl, scripts)
 * send neither header and are not affected.
 *
 * @param names the host names accepted in {@code Host}, lower case; empty: any (the server is
 *     bound to every interface and no names were given)
 */
record RequestGuard(Set<String> names) {

    /** The names of this machine's loopback interface, as {@link #canonical} spells them. */
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", canonical("::1"));

    /**
     * The names a server bound to {@code host} answers to: for loopback, {@code localhost} and
     * the loopback addresses; for one address, that address; for every interface ({@code 0.0.0.0},
     * {@code ::}), any name unless {@code allowed} lists some, and then also this machine's own
     * names and addresses (so that the operator is not locked out). {@code allowed} are added to all.
     */
    static RequestGuard forBinding(String host, List<String> allowed) {
        Set<String> names = new HashSet<>();
        allowed.forEach(n -> names.add(canonical(n)));
        InetAddress address = address(host);
        if (address != null && address.isAnyLocalAddress()) {
            if (!names.isEmpty()) names.addAll(ownNames());
            return new RequestGuard(Set.copyOf(names));
        }
        names.add(canonical(bare(host)));
        if (address == null || address.isLoopbackAddress()) {
            names.addAll(LOOPBACK);
        }
        return new RequestGuard(Set.copyOf(names));
    }

    /** This machine's names and the addresses of its interfaces, loopback included, lower case. */
    static Set<String> ownNames() {
        Set<String> own = new HashSet<>(LOOPBACK);
        try {
            own.add(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
        } catch (java.io.IOException e) {
            // no name for this machine (as in some containers): its addresses below
        }
        try {
            for (java.net.NetworkInterface i : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : java.util.Collections.list(i.getInetAddresses())) own.add(canonical(a.getHostAddress()));
            }
        } catch (java.io.IOException e) {
            // the loopback names at least
        }
        return own;
    }

    /**
     * A name as the set holds it: lower case; an IPv6 address in one spelling (Java's full form,
     * without a zone), so that the compressed {@code [fe80::1]} of a Host header matches.
     */
    static String canonical(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.indexOf(':') < 0) return n;
        try {
            String full = InetAddress.getByName(n.contains("%") ? n.substring(0, n.indexOf('%')) : n).getHostAddress();
            return full.contains("%") ? full.substring(0, full.indexOf('%')) : full;
        } catch (java.io.IOException | RuntimeException notAnAddress) {
            return n;
        }
    }

    /** Throws 403 unless the request may go on. */
    void check(Context ctx) {
        String host = ctx.header("Host");
        if (!names.isEmpty() && (host == null || !names.contains(canonical(name(host))))) {
            throw new ForbiddenResponse("the Host header is not a name of this server"
                    + " (start it with --allow-host NAME to accept another name)");
        }
        if (ctx.method().name().equals("GET") || ctx.method().name().equals("HEAD")) {
            return;
        }
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new ForbiddenResponse("cross-site request refused (Sec-Fetch-Site says another site sent it)");
        }
        String origin = ctx.header("Origin");
        if (origin != null && (host == null || !authority(origin).equalsIgnoreCase(host.trim()))) {
            throw new ForbiddenResponse("cross-site request refused (Origin is not this server)");
        }
    }

    /** The name in a Host header, without the port or IPv6 brackets, lower case. */
    static String name(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close < 0 ? h : h.substring(1, close);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /** The host[:port] of an Origin such as {@code http://localhost:8080}; "" if it has none ("null"). */
    private static String authority(String origin) {
        try {
            String a = URI.create(origin.trim()).getRawAuthority();
            return a == null ? "" : a;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(bare(host));
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
