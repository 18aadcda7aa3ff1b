package dev.digits.api;

/**
 * One digit the model considers, with its probability.
 *
 * @param digit 0 to 9
 * @param probability between 0 and 1
 */
public record Candidate(int digit, float probability) {}
