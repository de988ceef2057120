package org.eventprop4j.examples.quickstart;

import java.util.List;

import org.eventprop4j.autodiff.CoefficientLoss;
import org.eventprop4j.autodiff.EventProp;
import org.eventprop4j.autodiff.GradientCheck;
import org.eventprop4j.autodiff.Gradients;
import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Trace;

/**
 * The README's "Java in 20 lines": a small LIF network, its spikes and states, exact EventProp gradients and their
 * check against finite differences. The lines between the markers are the README's code block (a test keeps the two
 * equal and runs this program).
 */
public final class QuickStart {
    private QuickStart() {
    }

    /**
     * Runs the example; returns the gradient check's worst relative error.
     *
     * @return the worst relative error of the gradient check
     */
    public static double run() {
        // README:begin
        FFEvNN net = FFEvNN.builder(new LIF()).layers(20, 2).inSize(3)     // 3 inputs, 20 hidden, 2 outputs
                .maxSolverTime(50.0).seed(0)                                   // window [0, 50] ms
                .tsyn(5.0).tmem(20.0).thresh(1.0).gaussianWeights(0, 2.0, 0.8).gaussianWeights(1, 1.5, 0.3)
                .build();
        double[][] in = {{1.0, 4.0}, {2.5}, {3.0}};                             // spike times (ms) per input channel
        Trace trace = net.simulate(in);                                        // every spike of every layer
        double[] first = trace.output().firstTimes(2, Double.POSITIVE_INFINITY);
        double[][] v0 = net.stateAt(in, new double[] {5, 10, 20}, 1)[0];      // output neuron 0: [time][V, I]

        CoefficientLoss loss = new CoefficientLoss(new double[] {1.0, -1.0});  // L = t_0 - t_1, first output spikes
        Gradients g = new EventProp(net).backward(trace, loss.spikeErrors(trace));   // exact dL/dW, dL/dtau, ...
        double[][] dW = g.layer(0).weightMatrix();                             // [pre][post]
        GradientCheck.Report check = new GradientCheck(net, List.<double[][]>of(in), loss).run();  // vs finite diff.
        System.out.print(check.table());
        // README:end
        System.out.printf("first output spikes %s ms, V of output 0 at 5/10/20 ms: %.4f %.4f %.4f, dL/dW[0][0] = %.6f%n",
                java.util.Arrays.toString(first), v0[0][0], v0[1][0], v0[2][0], dW[0][0]);
        return check.worstError();
    }

    /**
     * Runs the program; the class comment describes its arguments.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        run();
    }
}
