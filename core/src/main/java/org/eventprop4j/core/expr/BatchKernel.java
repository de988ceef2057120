package org.eventprop4j.core.expr;

/**
 * A compiled straight-line function applied to many independent instances at once (all neurons of a layer): instance
 * {@code i}'s element {@code j} of each array sits at {@code [j * stride + i]} (channel-major), and instances
 * {@code from <= i < to} are evaluated. Instances may keep scratch space: use one per thread
 * ({@link Program#newBatchKernel}).
 */
public interface BatchKernel {
    /**
     * Evaluates the function for instances {@code [from, to)}; arrays the program does not read may be null.
     *
     * @param y      the states, element {@code j} of instance {@code i} at {@code y[j * stride + i]}
     * @param p      the parameters, same layout
     * @param x      the extra inputs, same layout
     * @param out    receives the outputs, output {@code j} of instance {@code i} at {@code out[j * stride + i]}
     * @param from   the first instance
     * @param to     the end of the instances (exclusive)
     * @param stride the distance between consecutive elements of one instance (e.g. the layer size)
     */
    void eval(double[] y, double[] p, double[] x, double[] out, int from, int to, int stride);
}
