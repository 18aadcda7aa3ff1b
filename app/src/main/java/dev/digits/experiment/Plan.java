package dev.digits.experiment;

import java.util.List;
import java.util.Set;

/** An experiment's variants (each run once per seed) and the claims that compare them. */
public record Plan(Experiment experiment, List<Variant> variants, List<Claim> claims) {

    public Plan {
        variants = List.copyOf(variants);
        claims = List.copyOf(claims);
    }

    /** The variants named in {@code names} only (all when empty), and the claims between them; an unknown name fails. */
    public Plan only(Set<String> names) {
        if (names.isEmpty()) return this;
        for (String n : names) {
            if (variants.stream().noneMatch(v -> v.name().equals(n))) {
                throw new IllegalArgumentException("--only: no variant '" + n + "' in " + experiment + " (it has "
                        + String.join(", ", variants.stream().map(Variant::name).toList()) + ")");
            }
        }
        return new Plan(experiment, variants.stream().filter(v -> names.contains(v.name())).toList(),
                claims.stream().filter(c -> names.contains(c.better()) && names.contains(c.worse())).toList());
    }
}
