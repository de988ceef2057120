package org.eventprop4j.autodiff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eventprop4j.core.model.ParamSpec;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.sim.Trace;


/**
 * Compares EventProp gradients with finite differences for every parameter of a network: a user-facing check that
 * the gradients of a model (built-in or custom) are right.
 *
 * <p>For each weight and each trainable neuron parameter {@code theta}, the loss (summed over the given samples) is
 * evaluated at {@code theta +- h}, {@code +- h/2} and {@code +- h/4}; the derivative is the Richardson-extrapolated
 * central difference {@code R(h/2) = (4 D(h/4) - D(h/2)) / 3} (error {@code O(h^4)}), and {@code |R(h) - R(h/2)|}
 * estimates its error.
 * The step is tried at {@code h = relStep * max(|theta|, 1) * 10, 1, 0.1, 0.01} (stopping once the estimate is
 * below {@link #stopAt} relative) and the level with the smallest estimate is kept: spike times near a grazing crossing are
 * so non-linear that large steps fail while small ones are limited by rounding. A level is invalid when a perturbed
 * run changes the number of spikes of any neuron (the loss is not differentiable within the step); a parameter with
 * no valid level is <em>skipped</em> and reported. The error of an entry is
 * {@code |g_eventprop - g_fd| / max(|g_eventprop|, |g_fd|, floor)}; {@code floor} keeps gradients at the level of
 * rounding noise from being compared relatively.
 */
public final class GradientCheck {

    /** Default relative step. */
    public static final double DEFAULT_REL_STEP = 1e-4;
    /** Default floor of the relative-error denominator (loss units per parameter unit). */
    public static final double DEFAULT_FLOOR = 1e-3;
    private static final int LEVELS = 4;

    /** One compared (or skipped) parameter. */
    public record Entry(String group, String name, double eventProp, double finiteDifference, double error,
                        boolean skipped) {
    }

    /** Summary of a parameter group (e.g. "layer 0 weights", "layer 1 tau_mem"). */
    public record Group(String group, int compared, int skipped, double worstError, String worstEntry) {
    }

    /** Result: every entry, per-group summaries, the worst error over compared entries. */
    public record Report(List<Entry> entries, List<Group> groups, double worstError, double loss) {

        /**
         * Number of compared (not skipped) entries.
         *
         * @return the number of entries that were not skipped
         */
        public int compared() {
            return (int) entries.stream().filter(e -> !e.skipped()).count();
        }

        /**
         * A readable per-group table.
         *
         * @return one line per group (compared, skipped, worst relative error and where) and a closing line with the
         *         overall worst error
         */
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-24s %9s %8s %14s  %s%n", "parameter group", "compared", "skipped",
                    "worst rel err", "at"));
            for (Group g : groups) {
                sb.append(String.format(Locale.ROOT, "%-24s %9d %8d %14.3e  %s%n", g.group(), g.compared(),
                        g.skipped(), g.worstError(), g.worstEntry()));
            }
            sb.append(String.format(Locale.ROOT, "worst relative error over %d compared entries: %.3e%n",
                    compared(), worstError));
            return sb.toString();
        }
    }

    /**
     * A scalar function of the network's current parameters, evaluated by simulation. It adds the traces it
     * simulated to {@code traces}, so that the check can see whether a perturbation changed any spike count.
     */
    public interface Objective {
        /**
         * The loss of {@code net} on its {@code traces} (one per input); finite differences perturb {@code net}.
         *
         * @param net    the network, at its current (possibly perturbed) parameters
         * @param traces list to which every simulated trace is added
         * @return the loss
         */
        double value(FFEvNN net, List<Trace> traces);
    }

    private final FFEvNN net;
    private final Objective objective;
    private final Gradients analytic;
    private double relStep = DEFAULT_REL_STEP;
    private double floor = DEFAULT_FLOOR;
    private double stopAt = 1e-10;

    /**
     * @param net    the network (its parameters are perturbed in place and restored exactly)
     * @param inputs samples, each {@code [inSize][K]}
     * @param loss   the loss of one sample; the checked loss is the sum over samples
     */
    public GradientCheck(FFEvNN net, List<double[][]> inputs, SpikeLoss loss) {
        this(net, (n, traces) -> {
            double sum = 0.0;
            for (double[][] in : inputs) {
                Trace tr = n.simulate(in);
                traces.add(tr);
                sum += loss.value(tr);
            }
            return sum;
        }, eventProp(net, inputs, loss));
    }

    /**
     * Checks {@code analytic} (gradients of {@code objective} at the current parameters, e.g. from
     * {@link EventProp#backward(Trace, double[], double[], double[][][])}) against finite differences of
     * {@code objective}.
     *
     * @param net       the network (its parameters are perturbed in place and restored exactly)
     * @param objective the checked loss
     * @param analytic  the gradients to check, shaped like {@code net}
     */
    public GradientCheck(FFEvNN net, Objective objective, Gradients analytic) {
        this.net = net;
        this.objective = objective;
        this.analytic = analytic;
    }

    private static Gradients eventProp(FFEvNN net, List<double[][]> inputs, SpikeLoss loss) {
        EventProp ep = new EventProp(net);
        Gradients g = new Gradients(net);
        for (double[][] in : inputs) {
            g.add(ep.gradient(in, loss));
        }
        return g;
    }

    /**
     * Sets the relative finite-difference step ({@link #DEFAULT_REL_STEP} by default).
     *
     * @param s the step
     * @return this
     */
    public GradientCheck relStep(double s) {
        if (!(s > 0 && s < 0.1)) {
            throw new IllegalArgumentException("relStep must be in (0, 0.1), got " + s);
        }
        this.relStep = s;
        return this;
    }

    /**
     * Stops refining the step once the estimated relative error of the finite difference is below {@code e}
     * (default 1e-10; numerically integrated models are limited by their tolerance, so 1e-8 saves time there).
     *
     * @param e the relative error threshold, {@code > 0}
     * @return this
     */
    public GradientCheck stopAt(double e) {
        if (!(e > 0)) {
            throw new IllegalArgumentException("stopAt must be positive, got " + e);
        }
        this.stopAt = e;
        return this;
    }

    /**
     * Sets the floor of the relative error's denominator ({@link #DEFAULT_FLOOR}).
     *
     * @param f the floor
     * @return this
     */
    public GradientCheck floor(double f) {
        if (!(f > 0)) {
            throw new IllegalArgumentException("floor must be positive, got " + f);
        }
        this.floor = f;
        return this;
    }

    /** Evaluates the objective; returns its value and the spike counts per (trace, layer, neuron). */
    private double evaluate(List<int[]> counts) {
        List<Trace> traces = new ArrayList<>();
        double v = objective.value(net, traces);
        counts.clear();
        for (Trace tr : traces) {
            for (int l = 0; l < tr.layers().size(); l++) {
                int[] c = new int[net.layers().get(l).size()];
                for (int s : tr.spikes(l).sources()) {
                    c[s]++;
                }
                counts.add(c);
            }
        }
        return v;
    }

    private static boolean sameCounts(List<int[]> a, List<int[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int q = 0; q < a.size(); q++) {
            if (!java.util.Arrays.equals(a.get(q), b.get(q))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs the check.
     *
     * @return the entries of every weight and trainable parameter, per-group summaries, the worst error and the loss at
     *         the unperturbed parameters
     */
    public Report run() {
        Gradients g = analytic;
        List<int[]> base = new ArrayList<>();
        double l0 = evaluate(base);
        List<int[]> probe = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        for (int l = 0; l < net.layers().size(); l++) {
            List<ParamSpec> specs = net.model(l).params();
            Layer layer = net.layers().get(l);
            int size = layer.size();
            for (int j = 0; j < layer.fanIn(); j++) {
                for (int i = 0; i < size; i++) {
                    entries.add(check("layer " + l + " weights", "W[" + j + "][" + i + "]", layer.weights(),
                            j * size + i, g.layer(l).weights()[j * size + i], base, probe));
                }
            }
            for (int k = 0; k < specs.size(); k++) {
                if (!specs.get(k).trainable()) {
                    continue;
                }
                for (int i = 0; i < size; i++) {
                    entries.add(check("layer " + l + " " + specs.get(k).name(), specs.get(k).name() + "[" + i + "]",
                            layer.params()[k], i, g.layer(l).params()[k][i], base, probe));
                }
            }
        }
        Map<String, List<Entry>> byGroup = new LinkedHashMap<>();
        for (Entry e : entries) {
            byGroup.computeIfAbsent(e.group(), x -> new ArrayList<>()).add(e);
        }
        List<Group> groups = new ArrayList<>();
        double worst = 0.0;
        for (Map.Entry<String, List<Entry>> me : byGroup.entrySet()) {
            int compared = 0;
            int skipped = 0;
            double w = 0.0;
            String at = "-";
            for (Entry e : me.getValue()) {
                if (e.skipped()) {
                    skipped++;
                } else {
                    compared++;
                    if (e.error() >= w) {
                        w = e.error();
                        at = e.name();
                    }
                }
            }
            worst = Math.max(worst, w);
            groups.add(new Group(me.getKey(), compared, skipped, w, at));
        }
        return new Report(entries, groups, worst, l0);
    }

    private Entry check(String group, String name, double[] arr, int idx, double gEp, List<int[]> base,
                        List<int[]> probe) {
        double theta = arr[idx];
        double scale = Math.max(Math.abs(theta), 1.0);
        double bestFd = Double.NaN;
        double bestEst = Double.POSITIVE_INFINITY;
        double[] f = new double[6];
        try {
            for (int level = 0; level < LEVELS; level++) {
                double h = relStep * scale * Math.pow(10.0, 1 - level);
                double[] steps = {h, -h, 0.5 * h, -0.5 * h, 0.25 * h, -0.25 * h};
                boolean valid = true;
                for (int s = 0; s < steps.length && valid; s++) {
                    arr[idx] = theta + steps[s];
                    try {
                        f[s] = evaluate(probe);
                        valid = sameCounts(base, probe);
                    } catch (IllegalArgumentException e) {
                        valid = false;   // e.g. an output the loss needs fell silent, or the parameter left its range
                    }
                }
                if (!valid) {
                    continue;
                }
                double d1 = (f[0] - f[1]) / (2 * h);
                double d2 = (f[2] - f[3]) / h;
                double d4 = (f[4] - f[5]) / (0.5 * h);
                double r1 = (4 * d2 - d1) / 3;
                double r2 = (4 * d4 - d2) / 3;
                double est = Math.abs(r1 - r2);
                if (est < bestEst) {
                    bestEst = est;
                    bestFd = r2;
                }
                if (est <= stopAt * Math.max(Math.abs(r2), floor)) {
                    break;
                }
            }
        } finally {
            arr[idx] = theta;
        }
        if (Double.isNaN(bestFd)) {
            return new Entry(group, name, gEp, Double.NaN, Double.NaN, true);
        }
        double err = Math.abs(gEp - bestFd) / Math.max(Math.max(Math.abs(gEp), Math.abs(bestFd)), floor);
        return new Entry(group, name, gEp, bestFd, err, false);
    }
}
