package org.eventprop4j.core.sim;

/**
 * Settings of the event simulation.
 *
 * @param maxSolverTime      end {@code T} of the simulation window {@code [0, T]} in ms; spikes at {@code t <= T} count
 * @param solverStepsize     for numerically integrated models: the event-check interval, ms: the spike condition is
 *                           evaluated on the integrator's dense output at most this far apart (the integrator's own
 *                           steps adapt to {@code tolerance}); models whose equations are affine in the state (a
 *                           user's LIF, ALIF) take exact steps and find every crossing exactly, without sampling
 * @param maxEventSteps      largest number of events (input spikes in the window plus spikes of all neurons) that one
 *                           sample may produce; more is an error ({@link EventCapExceededException})
 * @param outputNoSpikeValue value reported as the first-spike time of a silent neuron (default {@code +inf})
 * @param tolerance          absolute and relative error tolerance of the numerical integrator
 * @param maxSolverSteps     largest number of integrator steps plus threshold checks that one sample may take in
 *                           numerically integrated layers; more is an error naming the model and neuron (a stiff or
 *                           runaway model, or a tiny {@code solverStepsize}, fails instead of running for hours)
 */
public record SimOptions(double maxSolverTime, double solverStepsize, int maxEventSteps, double outputNoSpikeValue,
                         double tolerance, long maxSolverSteps) {

    /**
     * Default event-check interval for numerically integrated models, ms. Accuracy comes from the tolerance, not
     * from this interval; a spike condition that rises above zero for less than about this long may be missed, so
     * models that can graze their threshold want a smaller value (no missed spike on the model benchmark).
     */
    public static final double DEFAULT_SOLVER_STEPSIZE = 0.5;
    /** Default event cap per sample. */
    public static final int DEFAULT_MAX_EVENT_STEPS = 100_000;
    /** Default integrator tolerance (absolute and relative). */
    public static final double DEFAULT_TOLERANCE = 1e-12;
    /** Default cap on integrator steps plus threshold checks per sample (about 1-10 s of work). */
    public static final long DEFAULT_MAX_SOLVER_STEPS = 20_000_000L;

    /**
     * Options with the default {@link #maxSolverSteps}.
     *
     * @param maxSolverTime      end {@code T} of the simulation window {@code [0, T]}, ms
     * @param solverStepsize     event-check interval for numerically integrated models, ms
     * @param maxEventSteps      largest number of events one sample may produce
     * @param outputNoSpikeValue value reported as the first-spike time of a silent neuron
     * @param tolerance          absolute and relative error tolerance of the numerical integrator
     * @throws IllegalArgumentException if {@code maxSolverTime} or {@code solverStepsize} is not positive and finite,
     *                                  {@code maxEventSteps} is not positive, {@code outputNoSpikeValue} is NaN, or
     *                                  {@code tolerance} is not in {@code (0, 1e-3)}
     */
    public SimOptions(double maxSolverTime, double solverStepsize, int maxEventSteps, double outputNoSpikeValue,
                      double tolerance) {
        this(maxSolverTime, solverStepsize, maxEventSteps, outputNoSpikeValue, tolerance, DEFAULT_MAX_SOLVER_STEPS);
    }

    /**
     * Checks the settings.
     *
     * @param maxSolverTime      end {@code T} of the simulation window {@code [0, T]}, ms
     * @param solverStepsize     event-check interval for numerically integrated models, ms
     * @param maxEventSteps      largest number of events one sample may produce
     * @param outputNoSpikeValue value reported as the first-spike time of a silent neuron
     * @param tolerance          absolute and relative error tolerance of the numerical integrator
     * @param maxSolverSteps     largest number of integrator steps plus threshold checks per sample
     * @throws IllegalArgumentException if {@code maxSolverTime} or {@code solverStepsize} is not positive and finite,
     *                                  {@code maxEventSteps} or {@code maxSolverSteps} is not positive,
     *                                  {@code outputNoSpikeValue} is NaN, or {@code tolerance} is not in
     *                                  {@code (0, 1e-3)}
     */
    public SimOptions {
        if (!(maxSolverTime > 0) || Double.isInfinite(maxSolverTime)) {
            throw new IllegalArgumentException("maxSolverTime must be positive and finite (ms), got " + maxSolverTime);
        }
        if (!(solverStepsize > 0) || Double.isInfinite(solverStepsize)) {
            throw new IllegalArgumentException("solverStepsize must be positive and finite (ms), got "
                    + solverStepsize);
        }
        if (maxEventSteps <= 0) {
            throw new IllegalArgumentException("maxEventSteps must be positive, got " + maxEventSteps);
        }
        if (Double.isNaN(outputNoSpikeValue)) {
            throw new IllegalArgumentException("outputNoSpikeValue must not be NaN");
        }
        if (!(tolerance > 0) || !(tolerance < 1e-3)) {
            throw new IllegalArgumentException("tolerance must be in (0, 1e-3), got " + tolerance);
        }
        if (maxSolverSteps <= 0) {
            throw new IllegalArgumentException("maxSolverSteps must be positive, got " + maxSolverSteps);
        }
    }

    /**
     * Defaults for a window of {@code maxSolverTime} ms.
     *
     * @param maxSolverTime end {@code T} of the simulation window {@code [0, T]}, ms (positive and finite)
     * @return the options
     */
    public static SimOptions of(double maxSolverTime) {
        return new SimOptions(maxSolverTime, DEFAULT_SOLVER_STEPSIZE, DEFAULT_MAX_EVENT_STEPS,
                Double.POSITIVE_INFINITY, DEFAULT_TOLERANCE);
    }

    /**
     * A copy with {@code maxSolverTime} replaced (checked as in the constructor).
     *
     * @param t the new window end {@code T}, ms
     * @return the new options
     */
    public SimOptions withMaxSolverTime(double t) {
        return new SimOptions(t, solverStepsize, maxEventSteps, outputNoSpikeValue, tolerance, maxSolverSteps);
    }

    /**
     * A copy with {@code solverStepsize} replaced (checked as in the constructor).
     *
     * @param s the new event-check interval, ms
     * @return the new options
     */
    public SimOptions withSolverStepsize(double s) {
        return new SimOptions(maxSolverTime, s, maxEventSteps, outputNoSpikeValue, tolerance, maxSolverSteps);
    }

    /**
     * A copy with {@code maxEventSteps} replaced (checked as in the constructor).
     *
     * @param n the new event cap per sample
     * @return the new options
     */
    public SimOptions withMaxEventSteps(int n) {
        return new SimOptions(maxSolverTime, solverStepsize, n, outputNoSpikeValue, tolerance, maxSolverSteps);
    }

    /**
     * A copy with {@code outputNoSpikeValue} replaced (checked as in the constructor).
     *
     * @param v the new first-spike time reported for a silent neuron
     * @return the new options
     */
    public SimOptions withOutputNoSpikeValue(double v) {
        return new SimOptions(maxSolverTime, solverStepsize, maxEventSteps, v, tolerance, maxSolverSteps);
    }

    /**
     * A copy with {@code tolerance} replaced (checked as in the constructor).
     *
     * @param tol the new integrator tolerance (absolute and relative)
     * @return the new options
     */
    public SimOptions withTolerance(double tol) {
        return new SimOptions(maxSolverTime, solverStepsize, maxEventSteps, outputNoSpikeValue, tol, maxSolverSteps);
    }

    /**
     * A copy with {@code maxSolverSteps} replaced (checked as in the constructor).
     *
     * @param n the new cap on integrator steps plus threshold checks per sample
     * @return the new options
     */
    public SimOptions withMaxSolverSteps(long n) {
        return new SimOptions(maxSolverTime, solverStepsize, maxEventSteps, outputNoSpikeValue, tolerance, n);
    }
}
