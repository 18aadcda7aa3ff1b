/**
 * The Spark job ({@link dev.digits.spark.ClassifyJob}): images read by Spark's {@code binaryFile}
 * source, classified (and read, with {@code --read}) through the library's public API,
 * {@link dev.digits.api.DigitModel}, one loaded model per executor JVM, written as Parquet.
 */
package dev.digits.spark;
