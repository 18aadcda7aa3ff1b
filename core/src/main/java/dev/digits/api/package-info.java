/**
 * The library's public API: {@link dev.digits.api.DigitModel} loads a trained model folder and
 * answers with the records {@link dev.digits.api.Answer} (one digit) and
 * {@link dev.digits.api.NumberAnswer} (a number of several digits).
 *
 * <pre>{@code
 * try (DigitModel model = DigitModel.load(Path.of("models/default"))) {
 *     Answer a = model.classify(Path.of("seven.png"));
 *     System.out.println(a.digit() + " " + a.probability());
 * }
 * }</pre>
 *
 * <p>Every other package of mnist-core is internal: public for the command line, the web server and
 * the Spark job of this repository, but free to change between versions.
 */
package dev.digits.api;
