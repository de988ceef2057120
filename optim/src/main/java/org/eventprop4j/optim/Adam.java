package org.eventprop4j.optim;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Adam on ND4J's {@code AdamUpdater}. ND4J implements the "efficient" form of Kingma &amp; Ba (section 2), with
 * {@code t = iteration + 1}:
 * <pre>
 *   m = b1 m + (1 - b1) g          v = b2 v + (1 - b2) g^2
 *   alpha_t = lr sqrt(1 - b2^t) / (1 - b1^t)
 *   p -= alpha_t m / (sqrt(v) + eps)
 * </pre>
 * i.e. TF/Keras epsilon placement; PyTorch's {@code torch.optim.Adam} puts eps after the bias correction
 * ({@code m_hat / (sqrt(v_hat) + eps)}), which equals this form with eps replaced by {@code eps / sqrt(1 - b2^t)}.
 */
public final class Adam extends Nd4jOptimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;

    /**
     * Adam with a constant learning rate.
     *
     * @param lr    the learning rate ({@code > 0})
     * @param beta1 first-moment decay, in {@code [0, 1)}
     * @param beta2 second-moment decay, in {@code [0, 1)}
     * @param eps   the denominator's epsilon ({@code > 0})
     */
    public Adam(double lr, double beta1, double beta2, double eps) {
        this(LrSchedule.constant(lr), beta1, beta2, eps);
    }

    /**
     * Adam with a learning-rate schedule.
     *
     * @param schedule the learning-rate schedule
     * @param beta1    first-moment decay, in {@code [0, 1)}
     * @param beta2    second-moment decay, in {@code [0, 1)}
     * @param eps      the denominator's epsilon ({@code > 0})
     */
    public Adam(LrSchedule schedule, double beta1, double beta2, double eps) {
        super(schedule);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("eps must be positive, got " + eps);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /**
     * Betas 0.9 / 0.999, eps 1e-8 (the W&amp;P setting with {@code lr = 5e-3}).
     *
     * @param schedule the learning-rate schedule
     * @return a new Adam optimiser with these constants
     */
    public static Adam standard(LrSchedule schedule) {
        return new Adam(schedule, 0.9, 0.999, 1e-8);
    }

    /** @return the first-moment decay */
    public double beta1() {
        return beta1;
    }

    /** @return the second-moment decay */
    public double beta2() {
        return beta2;
    }

    /** @return the denominator's epsilon */
    public double eps() {
        return eps;
    }

    @Override
    protected IUpdater createConfig(ISchedule lr) {
        org.nd4j.linalg.learning.config.Adam c = new org.nd4j.linalg.learning.config.Adam(lr);
        c.setBeta1(beta1);
        c.setBeta2(beta2);
        c.setEpsilon(eps);
        return c;
    }

    @Override
    protected int kindCode() {
        return 1;
    }

    @Override
    public String toString() {
        return "Adam[" + schedule() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps + ", " + groups() + "]";
    }
}
