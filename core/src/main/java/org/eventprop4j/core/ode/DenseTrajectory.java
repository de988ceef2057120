package org.eventprop4j.core.ode;

import java.util.Arrays;

/**
 * The dense output of a sequence of {@link Dopri5} steps: per step its start time, length and coefficients, in
 * growable primitive arrays, so that a backward pass can evaluate the forward trajectory anywhere without integrating
 * it again. Reused (cleared) from neuron to neuron. Not thread-safe.
 */
public final class DenseTrajectory {
    private final int n;
    private final int rec;
    private double[] t0 = new double[64];
    private double[] len = new double[64];
    private double[] coef;
    private int count;

    /**
     * A trajectory of an {@code n}-dimensional state.
     *
     * @param n the state dimension
     */
    public DenseTrajectory(int n) {
        this.n = n;
        this.rec = Dopri5.denseSize(n);
        this.coef = new double[64 * rec];
    }

    /** Removes all steps. */
    public void clear() {
        count = 0;
    }

    /**
     * Number of steps.
     *
     * @return the number of steps added since construction or the last {@link #clear()}
     */
    public int size() {
        return count;
    }

    /**
     * Appends the last accepted step of {@code rk}, which started at time {@code start}.
     *
     * @param rk    the integrator; call this before {@link Dopri5#accept()}, which moves it past the step
     * @param start the step's start time
     */
    public void add(Dopri5 rk, double start) {
        if (count == t0.length) {
            int cap = 2 * count;
            t0 = Arrays.copyOf(t0, cap);
            len = Arrays.copyOf(len, cap);
            coef = Arrays.copyOf(coef, cap * rec);
        }
        t0[count] = start;
        len[count] = rk.h();
        rk.dense(coef, count * rec);
        count++;
    }

    /**
     * Start time of step {@code s}.
     *
     * @param s the step index, {@code 0 <= s < size()}
     * @return its start time
     */
    public double start(int s) {
        return t0[s];
    }

    /**
     * End time of step {@code s}.
     *
     * @param s the step index, {@code 0 <= s < size()}
     * @return its start time plus its (signed) length
     */
    public double end(int s) {
        return t0[s] + len[s];
    }

    /**
     * The state at time {@code t} from the dense output of step {@code s} (no search).
     *
     * @param s   the step index, {@code 0 <= s < size()}
     * @param t   the time, normally inside step {@code s} (outside it the step's polynomial is extrapolated)
     * @param out receives the state, length {@code n}
     */
    public void interpolateIn(int s, double t, double[] out) {
        double theta = len[s] == 0.0 ? 0.0 : (t - t0[s]) / len[s];
        Dopri5.interpolate(coef, s * rec, n, theta, out);
    }

    /**
     * Length of step {@code s}.
     *
     * @param s the step index, {@code 0 <= s < size()}
     * @return its signed length (negative for a step backward in time)
     */
    public double length(int s) {
        return len[s];
    }

    /**
     * The state at time {@code t} inside steps {@code [from, to)} (which cover an interval in increasing time);
     * {@code hint} is a step to try first (the search walks from there). Returns the step used.
     *
     * @param t    the time; outside the steps, the first or last of them is extrapolated
     * @param from the first step to search
     * @param to   the end of the steps to search (exclusive), {@code > from}
     * @param hint the step to try first (clamped to {@code [from, to)})
     * @param out  receives the state, length {@code n}
     * @return the index of the step whose dense output was used
     */
    public int interpolate(double t, int from, int to, int hint, double[] out) {
        int s = Math.max(from, Math.min(to - 1, hint));
        while (s > from && t < t0[s]) {
            s--;
        }
        while (s < to - 1 && t > t0[s] + len[s]) {
            s++;
        }
        double theta = len[s] == 0.0 ? 0.0 : (t - t0[s]) / len[s];
        Dopri5.interpolate(coef, s * rec, n, theta, out);
        return s;
    }
}
