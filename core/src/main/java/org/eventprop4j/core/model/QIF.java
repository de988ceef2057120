package org.eventprop4j.core.model;

import java.util.List;

import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.FastMath;

/**
 * Quadratic integrate-and-fire neuron in theta form (state {@code [theta, I]}); {@code V = tan(pi theta / 2)},
 * equivalent to {@code tau_mem dV/dt = V^2 + I + bias}:
 * <pre>
 *   dtheta/dt = ((1 - cos(pi theta)) + (1 + cos(pi theta)) (I + bias)) / (pi tau_mem)
 *   tau_syn dI/dt = -I;   input spike of weight w: I += w
 *   spike when theta reaches 1, then theta = -1;   theta(0) = I(0) = 0
 * </pre>
 * Parameters (per neuron): {@code tau_syn} (ms, default 5), {@code tau_mem} (ms, default 20), {@code bias}
 * (default 0). No threshold. With constant {@code bias > 0} and no input it spikes at
 * {@code (k + 1/2) pi tau_mem / sqrt(bias)}. Integrated numerically (Hipparchus, with event detection).
 */
public class QIF extends NeuronModel {

    /** State channel of theta. */
    public static final int THETA = 0;
    /** State channel of the synaptic current I. */
    public static final int I = 1;
    /** Parameter index of {@code tau_syn}. */
    public static final int TAU_SYN = 0;
    /** Parameter index of {@code tau_mem}. */
    public static final int TAU_MEM = 1;
    /** Parameter index of {@code bias}. */
    public static final int BIAS = 2;

    /** QIF's parameters: {@code tau_syn, tau_mem, bias}. */
    public static final List<ParamSpec> PARAMS = List.of(
            ParamSpec.timeConstant("tau_syn", 5.0),
            ParamSpec.timeConstant("tau_mem", 20.0),
            ParamSpec.real("bias", 0.0));

    /**
     * The QIF model, named {@code "qif"}, with state channels {@code theta, I} and parameters {@link #PARAMS}.
     */
    public QIF() {
        this("qif", List.of("theta", "I"), PARAMS);
    }

    /**
     * For subclasses that rename the model, add channels or add parameters (after QIF's three).
     *
     * @param name     the model's name
     * @param channels names of the state channels, starting with {@code theta, I}
     * @param params   the parameters, starting with QIF's three
     */
    protected QIF(String name, List<String> channels, List<ParamSpec> params) {
        super(name, channels, params);
    }

    @Override
    public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
        T c = y[THETA].multiply(FastMath.PI).cos();
        T one = c.getField().getOne();
        T drive = y[I].add(p[BIAS]);
        out[THETA] = one.subtract(c).add(one.add(c).multiply(drive)).divide(p[TAU_MEM].multiply(FastMath.PI));
        out[I] = y[I].negate().divide(p[TAU_SYN]);
    }

    /** The same equations on doubles, operation for operation (bit-identical to the generic method). */
    @Override
    protected void fastDynamics(double[] y, double[] p, double[] out) {
        double c = FastMath.cos(y[THETA] * FastMath.PI);
        double drive = y[I] + p[BIAS];
        out[THETA] = ((1.0 - c) + (1.0 + c) * drive) / (p[TAU_MEM] * FastMath.PI);
        out[I] = -y[I] / p[TAU_SYN];
    }

    @Override
    protected double fastSpikeCondition(double[] y, double[] p) {
        return y[THETA] - 1.0;
    }

    /**
     * Silent for the rest of the window when even the largest drive still to come cannot make
     * {@code V = tan(pi theta / 2)} escape in time: without input the drive {@code D = I + bias} moves monotonically
     * from its value towards {@code bias}, so it stays at most {@code Dmax = max(I + bias, bias)}, and
     * {@code tau_mem dV/dt <= V^2 + Dmax}. If {@code Dmax < 0}, {@code V} never crosses {@code sqrt(-Dmax)} from
     * below (silent for good). Otherwise {@code V} stays below the solution with constant drive {@code Dmax}, which
     * escapes after {@code tau_mem / sqrt(Dmax) (pi/2 - atan(V / sqrt(Dmax)))} (or {@code tau_mem / V} when
     * {@code Dmax = 0}); silent if that is longer than {@code duration} (with a margin of 1e-6 relative and 1e-6 ms).
     */
    @Override
    protected boolean staysSilent(double[] y, double[] p, double duration) {
        double dMax = Math.max(y[I] + p[BIAS], p[BIAS]);
        if (!(y[THETA] < 1.0) || !(y[THETA] > -1.0 - 1e-12)) {
            return false;
        }
        if (dMax < 0.0) {
            double thetaStar = 2.0 / Math.PI * Math.atan(Math.sqrt(-dMax));
            if (y[THETA] < thetaStar) {
                return true;
            }
        }
        if (!(dMax >= 0.0) || !(duration < Double.POSITIVE_INFINITY)) {
            return false;
        }
        double v = Math.tan(0.5 * Math.PI * y[THETA]);
        double escape;
        if (dMax > 0.0) {
            double s = Math.sqrt(dMax);
            escape = p[TAU_MEM] / s * (0.5 * Math.PI - Math.atan(v / s));
        } else {
            escape = v > 0.0 ? p[TAU_MEM] / v : Double.POSITIVE_INFINITY;
        }
        return escape * (1.0 - 1e-6) > duration + 1e-6;
    }

    @Override
    public <T extends CalculusFieldElement<T>> T spikeCondition(T[] y, T[] p) {
        return y[THETA].subtract(1.0);
    }

    @Override
    public <T extends CalculusFieldElement<T>> void resetSpiked(T[] y, T[] p, T[] out) {
        System.arraycopy(y, 0, out, 0, y.length);
        out[THETA] = y[THETA].getField().getOne().negate();
    }
}
