package dev.autotransfer.simulation;

/**
 * Thrown into a simulated engine where it dies: from then on every store, run-store and bank call of
 * that engine throws it too, so the dead engine writes nothing more, as a killed process would not.
 */
final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String where) {
        super("simulated crash: " + where, null, false, false);
    }
}
