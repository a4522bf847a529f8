package dev.autotransfer.examples;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The command line of a benchmark: {@code --name value} pairs, each name one the benchmark knows; a
 * value is read once, checked against its range, and a bad one is refused naming the option and the
 * value. Immutable after parsing; thread-safe.
 */
final class BenchOptions {

    private final Map<String, String> values;

    private BenchOptions(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses {@code args} as {@code --name value} pairs.
     *
     * @param known the option names the benchmark understands, without {@code --}
     * @throws IllegalArgumentException for an unknown option, a missing value or a repeated option
     */
    static BenchOptions parse(String[] args, Set<String> known) {
        Map<String, String> values = new TreeMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("expected an option such as --" + known.iterator().next()
                        + ", was '" + arg + "'");
            }
            String name = arg.substring(2);
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + arg + "'; known: " + new TreeSet<>(known));
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + arg + " has no value");
            }
            if (values.put(name, args[i + 1]) != null) {
                throw new IllegalArgumentException("option " + arg + " is given twice");
            }
        }
        return new BenchOptions(Map.copyOf(values));
    }

    /** The option's text, or {@code fallback}. */
    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** Whether the option was given. */
    boolean has(String name) {
        return values.containsKey(name);
    }

    /** A whole number in {@code min..max}, or {@code fallback} when the option is absent. */
    int intValue(String name, int fallback, int min, int max) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.replace("_", ""));
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw new IllegalArgumentException("--" + name + " must be a whole number " + min + ".." + max + ", was '"
                + text + "'");
    }

    /** One of {@code choices}, or {@code fallback} when the option is absent. */
    String choice(String name, String fallback, Set<String> choices) {
        String value = values.getOrDefault(name, fallback);
        if (!choices.contains(value)) {
            throw new IllegalArgumentException("--" + name + " must be one of " + new TreeSet<>(choices) + ", was '"
                    + value + "'");
        }
        return value;
    }
}
