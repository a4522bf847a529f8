package dev.autotransfer.examples;

/** The example's command line: which database, and how many occurrences to show per schedule. */
record ExampleOptions(String jdbcUrl, int occurrences, boolean help) {

    static final String DEFAULT_URL = "jdbc:h2:mem:autotransfer;DB_CLOSE_DELAY=-1";

    static final String USAGE = """
            usage: PayServiceApp [--jdbc-url URL] [--occurrences N] [--help]
              --jdbc-url URL     the database (default: embedded H2, %s);
                                 for example jdbc:postgresql://127.0.0.1:5432/test?user=root
                                 or jdbc:mariadb://127.0.0.1:3306/test?user=root
              --occurrences N    occurrences to show per schedule, 1..60 (default 6)"""
            .formatted(DEFAULT_URL);

    static ExampleOptions parse(String... args) {
        String url = DEFAULT_URL;
        int occurrences = 6;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> help = true;
                case "--jdbc-url" -> url = value(args, ++i, "--jdbc-url");
                case "--occurrences" -> occurrences = count(value(args, ++i, "--occurrences"));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--jdbc-url must start with 'jdbc:', was '" + PayServiceApp.redact(url) + "'");
        }
        return new ExampleOptions(url, occurrences, help);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].isBlank()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int count(String text) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= 60) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw new IllegalArgumentException("--occurrences must be a whole number 1..60, was '" + text + "'");
    }
}
