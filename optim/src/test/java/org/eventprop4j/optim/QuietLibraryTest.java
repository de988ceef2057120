package org.eventprop4j.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eventprop4j.autodiff.EventProp;
import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Java program that uses the library (ND4J arrays at the API, an ND4J-backed optimiser step) prints no ND4J banner or
 * INFO log by default; the usual slf4j-simple system property turns them back on.
 */
class QuietLibraryTest {

    /** The program run in a fresh JVM: one simulation through the INDArray API and one Adam step. */
    public static void main(String[] args) {
        FFEvNN net = FFEvNN.builder(new LIF()).layers(4, 2).inSize(2).maxSolverTime(30).seed(1)
                .gaussianWeights(0, 2, 0.5).gaussianWeights(1, 1, 0.3).threads(1).build();
        var state = net.stateAt(Nd4j.createFromArray(new double[][] {{1.0}, {2.0}}), Nd4j.createFromArray(5.0, 10.0));
        Adam adam = Adam.standard(LrSchedule.constant(1e-3));
        adam.step(net, new EventProp(net).gradient(new double[][] {{1.0}, {2.0}}, new org.eventprop4j.autodiff
                .SpikeLoss() {
            @Override
            public double value(org.eventprop4j.core.sim.Trace t) {
                return 0;
            }

            @Override
            public double[] spikeErrors(org.eventprop4j.core.sim.Trace t) {
                return new double[t.output().size()];
            }
        }));
        System.out.println("done " + java.util.Arrays.toString(state.shape()));
    }

    private static String run(String... props) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(props));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(QuietLibraryTest.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void noNd4jBannerByDefault() throws Exception {
        String out = run();
        assertTrue(out.contains("done [2, 2, 2]"), out);
        assertFalse(out.contains("INFO") || out.contains("Nd4jBackend") || out.contains("HAVE_OPENBLAS"), out);
        assertEquals(1, out.strip().lines().count(), out);
        String verbose = run("-Dorg.slf4j.simpleLogger.log.org.nd4j=info");
        assertTrue(verbose.contains("INFO org.nd4j"), "the property turns the INFO log back on: " + verbose);
    }
}
