package dev.autotransfer.examples;

/** The example's command line: which database, and how many standing orders the day's batch holds. */
record ExampleOptions(String jdbcUrl, int schedules, boolean help) {

    static final String DEFAULT_URL = "jdbc:h2:mem:autotransfer;DB_CLOSE_DELAY=-1";
    static final int DEFAULT_SCHEDULES = 3_000;
    static final int MAX_SCHEDULES = 100_000;

    static final String USAGE = """
            usage: PayServiceApp [--jdbc-url URL] [--schedules N] [--help]
              --jdbc-url URL     the database (default: embedded H2, %s);
                                 for example jdbc:postgresql://127.0.0.1:5432/test?user=root
                                 or jdbc:mariadb://127.0.0.1:3306/test?user=root
              --schedules N      standing orders due today, spread over four simulated banks,
                                 4..%d (default %d); a second run on the same database finds them"""
            .formatted(DEFAULT_URL, MAX_SCHEDULES, DEFAULT_SCHEDULES);

    static ExampleOptions parse(String... args) {
        String url = DEFAULT_URL;
        int schedules = DEFAULT_SCHEDULES;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> help = true;
                case "--jdbc-url" -> url = value(args, ++i, "--jdbc-url");
                case "--schedules" -> schedules = count(value(args, ++i, "--schedules"));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--jdbc-url must start with 'jdbc:', was '" + PayServiceApp.redact(url) + "'");
        }
        return new ExampleOptions(url, schedules, help);
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
            if (value >= 4 && value <= MAX_SCHEDULES) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the value
        }
        throw new IllegalArgumentException("--schedules must be a whole number 4.." + MAX_SCHEDULES
                + ", was '" + text + "'");
    }
}
