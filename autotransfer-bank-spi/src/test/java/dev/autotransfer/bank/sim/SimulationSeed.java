package dev.autotransfer.bank.sim;

/** Reads {@code -Dsimulation.seed} (empty means the caller's default) and prints the seed in use. */
final class SimulationSeed {

    private SimulationSeed() {
    }

    static long get(long defaultSeed) {
        String property = System.getProperty("simulation.seed", "").trim();
        long seed = property.isEmpty() ? defaultSeed : Long.parseLong(property);
        System.out.println("simulation seed " + seed + " (replay with -Dsimulation.seed=" + seed + ")");
        return seed;
    }
}
