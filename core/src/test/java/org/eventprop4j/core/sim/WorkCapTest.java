package org.eventprop4j.core.sim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eventprop4j.core.model.FunkyNeuron;
import org.eventprop4j.core.model.QIF;
import org.eventprop4j.core.net.FFEvNN;
import org.junit.jupiter.api.Test;

/** A runaway amount of integrator work ends in a one-line error naming the model, the neuron and the knobs. */
class WorkCapTest {

    @Test
    void tinyCheckIntervalFailsFastWithAClearMessage() {
        FFEvNN net = FFEvNN.builder(new FunkyNeuron()).layers(2).inSize(1).maxSolverTime(30).seed(0)
                .solverStepsize(1e-12).thresh(1).tsyn(5).tmem(20).initBias(0.1).wlim(2).build();
        long t0 = System.nanoTime();
        SimulationException e = assertThrows(SimulationException.class, () -> net.simulate(new double[][] {{1.0}}));
        double seconds = (System.nanoTime() - t0) / 1e9;
        String m = e.getMessage();
        assertTrue(m.contains("model funky") && m.contains("neuron 0") && m.contains("solver_stepsize")
                && m.contains("tolerance") && !m.contains("\n"), m);
        assertTrue(seconds < 30, "took " + seconds + " s");
    }

    @Test
    void capIsConfigurable() {
        FFEvNN net = FFEvNN.builder(new QIF()).layers(3).inSize(1).maxSolverTime(50).seed(0)
                .gaussianWeights(0, 2.0, 0.1).build();
        FFEvNN capped = new FFEvNN(net.model(), 1, net.layers(), net.options().withMaxSolverSteps(10), 1);
        assertThrows(SimulationException.class, () -> capped.simulate(new double[][] {{1.0}}));
        net.simulate(new double[][] {{1.0}});
    }

    /** An affine model with a microsecond-scale time constant over a long window: exact sub-steps hit the cap. */
    @Test
    void stiffAffineModelFailsFastWithAClearMessage() {
        // a user's LIF firing on its bias (never silent): tau_syn 1e-4 ms gives sub-steps of 5e-5 ms over 100 ms
        org.eventprop4j.core.model.LIF userLif = new org.eventprop4j.core.model.LIF() {
            @Override
            public <T extends org.hipparchus.CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
                out[V] = y[I].add(p[BIAS]).subtract(y[V]).divide(p[TAU_MEM]);
                out[I] = y[I].negate().divide(p[TAU_SYN]);
            }
        };
        FFEvNN net = FFEvNN.builder(userLif).layers(2).inSize(1).maxSolverTime(100).seed(0).tsyn(1e-4).tmem(20)
                .initBias(1.5).build();
        FFEvNN capped = new FFEvNN(net.model(), 1, net.layers(), net.options().withMaxSolverSteps(100_000), 1);
        SimulationException e = assertThrows(SimulationException.class, () -> capped.simulate(new double[][] {{1.0}}));
        String m = e.getMessage();
        assertTrue(m.contains("model lif") && m.contains("layer 0") && m.contains("exact sub-steps")
                && m.contains("max_solver_steps") && !m.contains("\n"), m);
        net.simulate(new double[][] {{1.0}});    // the default cap lets it through
    }
}
