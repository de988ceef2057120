package org.eventprop4j.examples.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.eventprop4j.autodiff.CoefficientLoss;
import org.eventprop4j.autodiff.GradientCheck;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evnn gradcheck}: EventProp gradients of the coef loss against finite differences. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = {"Compare the EventProp gradient of L = sum_k c[k] * first_spike[k] (ms) with Richardson-"
                + "extrapolated central finite differences, for every weight and neuron parameter.",
            "Prints the loss and a table per parameter group (entries compared, entries skipped because a "
                    + "perturbation changed a spike count, worst relative error) to stdout.",
            "Exit status 0 if the worst relative error over the compared entries is <= --tol, 3 if it is larger "
                    + "(or nothing could be compared), 1 on invalid input (e.g. a silent output neuron)."})
final class GradCheckCommand implements Callable<Integer> {

    /** Exit status when the check fails. */
    static final int EXIT_CHECK_FAILED = 3;
    /** Smallest relative finite-difference step. */
    static final double MIN_REL_STEP = 1e-10;
    /** Most weights and parameters one check perturbs. */
    static final long MAX_ENTRIES = 100_000;

    @Spec
    CommandSpec spec;

    @Mixin
    NetInputOptions in;

    @Mixin
    CoefOptions coefOptions;

    @Option(names = "--tol", paramLabel = "TOL", defaultValue = "1e-5",
            description = "Largest accepted relative error |g_ep - g_fd| / max(|g_ep|, |g_fd|, "
                    + GradientCheck.DEFAULT_FLOOR + ") (default: ${DEFAULT-VALUE}).")
    double tol;

    @Option(names = "--rel-step", paramLabel = "H", defaultValue = "" + GradientCheck.DEFAULT_REL_STEP,
            description = "Relative finite-difference step, in (0, 0.1); steps h = H * max(|theta|, 1) * "
                    + "10, 1, 0.1, 0.01 are tried (default: ${DEFAULT-VALUE}).")
    double relStep;

    @Override
    public Integer call() throws Exception {
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tol must be finite and >= 0, got " + tol);
        }
        if (!(relStep >= MIN_REL_STEP && relStep < 0.1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rel-step must be in [" + MIN_REL_STEP
                    + ", 0.1) (smaller steps measure rounding, not the derivative), got " + relStep);
        }
        FFEvNN net = in.readNet();
        long entries = 0;
        for (int l = 0; l < net.layers().size(); l++) {
            entries += (long) net.layers().get(l).weights().length
                    + (long) net.layers().get(l).size() * net.model(l).params().size();
        }
        if (entries > MAX_ENTRIES) {
            throw new IllegalArgumentException("gradcheck perturbs every weight and parameter (several simulations "
                    + "each): this network has " + entries + ", at most " + MAX_ENTRIES + "; check a smaller network, "
                    + "or use grad");
        }
        double[][] spikes = in.readInput(net);
        double[] coef = coefOptions.readCoef(net);
        Trace trace = net.simulate(spikes);
        CoefOptions.requireSpikingOutputs(net, trace);
        CoefficientLoss loss = new CoefficientLoss(coef);
        double value = loss.value(trace);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("the loss is " + value + " (coefficients too large?): finite "
                    + "differences of it mean nothing");
        }
        GradientCheck.Report report = CoefOptions.gradients(
                () -> new GradientCheck(net, List.<double[][]>of(spikes), loss).relStep(relStep).run());

        PrintWriter out = spec.commandLine().getOut();
        out.println("loss: " + report.loss());
        out.print(report.table());
        out.flush();

        GradientCheck.Entry worst = null;
        double worstErr = -1;
        for (GradientCheck.Entry e : report.entries()) {
            if (e.skipped()) {
                continue;
            }
            double err = Double.isNaN(e.error()) ? Double.POSITIVE_INFINITY : e.error();
            if (worst == null || err > worstErr) {
                worst = e;
                worstErr = err;
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        if (worst == null) {
            err.println("evnn: error: gradient check failed: no entry could be compared (every finite-difference "
                    + "perturbation changed a spike count; try a smaller --rel-step)");
            err.flush();
            return EXIT_CHECK_FAILED;
        }
        boolean anyNonZero = false;
        for (GradientCheck.Entry e : report.entries()) {
            anyNonZero |= !e.skipped() && (e.eventProp() != 0.0 || e.finiteDifference() != 0.0);
        }
        if (!anyNonZero) {
            err.println("evnn: error: gradient check failed: every compared gradient is zero (e.g. every coefficient "
                    + "is 0), so nothing was checked");
            err.flush();
            return EXIT_CHECK_FAILED;
        }
        if (!(worstErr <= tol)) {
            err.println(String.format(Locale.ROOT, "evnn: error: gradient check failed: %s %s: relative error %.3e > "
                    + "tol %s (eventprop %s, finite difference %s)", worst.group(), worst.name(), worst.error(), tol,
                    worst.eventProp(), worst.finiteDifference()));
            err.flush();
            return EXIT_CHECK_FAILED;
        }
        return 0;
    }
}
