package dev.digits.experiment;

/**
 * A claim of the report that a sweep tests: variant {@code better} ends with a higher final test
 * accuracy than variant {@code worse}.
 */
public record Claim(String text, String better, String worse) {}
