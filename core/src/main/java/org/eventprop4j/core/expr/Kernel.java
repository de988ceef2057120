package org.eventprop4j.core.expr;

/**
 * A compiled straight-line function of three input arrays: the state {@code y}, the parameters {@code p} and an
 * extra array {@code x} (a weight, or the cotangent of a vector-Jacobian product); results go to {@code out} in the
 * order of the program's outputs. Instances may keep scratch space: use one per thread ({@link Program#newKernel}).
 */
public interface Kernel {
    /**
     * Evaluates the function; arrays the program does not read may be null.
     *
     * @param y   the state
     * @param p   the parameters
     * @param x   the extra array
     * @param out receives the outputs, in the order of the program's outputs
     */
    void eval(double[] y, double[] p, double[] x, double[] out);
}
