package org.eventprop4j.core.model;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.Binary64;
import org.hipparchus.util.MathArrays;

/**
 * A spiking neuron model: the equations of one neuron, written once, generically over Hipparchus
 * {@link CalculusFieldElement}s so that the simulator can evaluate them with plain numbers and the adjoint pass can
 * differentiate them with forward-mode AD ({@code Gradient}) without any hand-written derivative.
 *
 * <p>Mirrors the seed library's interface. A model has named state channels ({@link #channels()}) and named
 * per-neuron parameters ({@link #params()}); the equations are
 * <ul>
 *   <li>{@link #initState}: {@code y(0)} (default all zeros);</li>
 *   <li>{@link #dynamics}: the autonomous flow {@code dy/dt = f(y, p)} between events (per ms);</li>
 *   <li>{@link #spikeCondition}: {@code g(y, p)}; the neuron spikes when {@code g} reaches 0 from below;</li>
 *   <li>{@link #inputSpike}: the jump {@code y+ = h(y-, w, p)} when a presynaptic spike of weight {@code w} arrives
 *       (default: add {@code w} to channel {@link #inputChannel()});</li>
 *   <li>{@link #resetSpiked}: the reset {@code y+ = r(y-, p)} after the neuron's own spike.</li>
 * </ul>
 * In every method {@code y} and {@code p} must not be modified; results are written into {@code out}.
 *
 * <p>Models hold no parameter values: those live in the network, one value per neuron. A model is immutable and
 * may be shared between networks and threads.
 *
 * <p>A built-in model may offer a {@link ClosedForm}; it is used only while none of the five equation methods (nor
 * {@code inputChannel()}) is overridden below the class that provides it (so {@code class Funky extends LIF} with its own {@code dynamics}
 * is integrated numerically, never with LIF's closed form by accident).
 */
public abstract class NeuronModel {

    private final String name;
    private final List<String> channels;
    private final List<ParamSpec> params;
    private final boolean fastDynamicsValid;
    private final boolean fastConditionValid;
    private final boolean silenceTestValid;
    /** The traced equations ({@link TracedModel}), or the reason ({@code String}) why they cannot be traced. */
    private volatile Object traced;

    /**
     * @param name     short name, e.g. {@code "lif"}
     * @param channels names of the state channels, e.g. {@code ["V", "I"]}
     * @param params   per-neuron parameters in the order the equations index them
     */
    protected NeuronModel(String name, List<String> channels, List<ParamSpec> params) {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a neuron model needs at least one state channel");
        }
        this.name = name;
        this.channels = List.copyOf(channels);
        this.params = List.copyOf(params);
        Class<?> d = double[].class;
        Class<?> fa = CalculusFieldElement[].class;
        this.fastDynamicsValid = fastPathValid("fastDynamics", new Class<?>[] {d, d, d}, "dynamics",
                new Class<?>[] {fa, fa, fa});
        this.fastConditionValid = fastPathValid("fastSpikeCondition", new Class<?>[] {d, d}, "spikeCondition",
                new Class<?>[] {fa, fa});
        this.silenceTestValid = silenceTestValid();
        for (int i = 0; i < this.params.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (this.params.get(i).name().equals(this.params.get(j).name())) {
                    throw new IllegalArgumentException("duplicate parameter name " + this.params.get(i).name());
                }
            }
        }
    }

    /**
     * Convenience for subclasses that add parameters to those of their parent model.
     *
     * @param base  the parent's parameters
     * @param extra the added ones
     * @return {@code base} followed by {@code extra}
     */
    protected static List<ParamSpec> concat(List<ParamSpec> base, ParamSpec... extra) {
        List<ParamSpec> all = new ArrayList<>(base);
        Collections.addAll(all, extra);
        return all;
    }

    /** @return the short model name, as in the interchange format's {@code "model"} field */
    public final String name() {
        return name;
    }

    /** @return the names of the state channels; the state array is indexed in this order */
    public final List<String> channels() {
        return channels;
    }

    /** @return the number of state channels */
    public final int channelCount() {
        return channels.size();
    }

    /** @return the per-neuron parameters; parameter arrays are indexed in this order */
    public final List<ParamSpec> params() {
        return params;
    }

    /**
     * @param paramName a parameter name
     * @return its index in {@link #params()}, or -1
     */
    public final int paramIndex(String paramName) {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).name().equals(paramName)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the state channel that the default {@link #inputSpike} adds the weight to (default 1, the current) */
    public int inputChannel() {
        return Math.min(1, channels.size() - 1);
    }

    /**
     * Writes {@code y(0)} into {@code out}; default all zeros.
     *
     * @param <T> the field (doubles, AD numbers, or the tracer that compiles the model)
     * @param p   the neuron's parameters, in {@link #params()} order
     * @param out the initial state, in {@link #channels()} order
     */
    public <T extends CalculusFieldElement<T>> void initState(T[] p, T[] out) {
        T zero = p.length > 0 ? p[0].getField().getZero() : out[0].getField().getZero();
        for (int c = 0; c < out.length; c++) {
            out[c] = zero;
        }
    }

    /**
     * Writes {@code dy/dt = f(y, p)} (per ms) into {@code out}.
     *
     * @param <T> the field (doubles, AD numbers, or the tracer that compiles the model)
     * @param y   the state
     * @param p   the neuron's parameters
     * @param out the derivative of each channel
     */
    public abstract <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out);

    /**
     * The spike condition {@code g(y, p)}: the neuron spikes when it reaches zero from below.
     *
     * @param <T> the field
     * @param y   the state
     * @param p   the neuron's parameters
     * @return {@code g(y, p)}, negative below threshold
     */
    public abstract <T extends CalculusFieldElement<T>> T spikeCondition(T[] y, T[] p);

    /**
     * Writes the state after a presynaptic spike of weight {@code w}; default {@code y[inputChannel()] += w}.
     *
     * @param <T> the field
     * @param y   the state just before the spike
     * @param w   the synaptic weight
     * @param p   the neuron's parameters
     * @param out the state just after
     */
    public <T extends CalculusFieldElement<T>> void inputSpike(T[] y, T w, T[] p, T[] out) {
        System.arraycopy(y, 0, out, 0, y.length);
        int c = inputChannel();
        out[c] = y[c].add(w);
    }

    /**
     * Writes the state right after the neuron's own spike.
     *
     * @param <T> the field
     * @param y   the state at the spike
     * @param p   the neuron's parameters
     * @param out the state after the reset
     */
    public abstract <T extends CalculusFieldElement<T>> void resetSpiked(T[] y, T[] p, T[] out);

    /**
     * The model's closed form, or {@code null} if it must be integrated numerically. Subclasses that provide one
     * must return it only if {@link #equationsDeclaredIn} holds for their class.
     *
     * @return the closed form, or null
     */
    public ClosedForm closedForm() {
        return null;
    }

    /**
     * Whether the five equation methods and {@code inputChannel()} of this object's class are all declared in
     * {@code owner} or its superclasses, i.e. no subclass of {@code owner} overrides any of them.
     *
     * @param owner the class that provides a closed form
     * @return whether the equations are still {@code owner}'s
     */
    protected final boolean equationsDeclaredIn(Class<?> owner) {
        try {
            Class<?> c = getClass();
            Class<?> fe = CalculusFieldElement.class;
            Class<?> fa = CalculusFieldElement[].class;
            Method[] ms = {
                c.getMethod("initState", fa, fa),
                c.getMethod("dynamics", fa, fa, fa),
                c.getMethod("spikeCondition", fa, fa),
                c.getMethod("inputSpike", fa, fe, fa, fa),
                c.getMethod("resetSpiked", fa, fa, fa),
                c.getMethod("inputChannel"),
            };
            for (Method m : ms) {
                if (!m.getDeclaringClass().isAssignableFrom(owner)) {
                    return false;
                }
            }
            return true;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Plain-double evaluation of the generic equations (used by the numerical simulator).

    private static Binary64[] wrap(double[] v) {
        Binary64[] out = new Binary64[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = new Binary64(v[i]);
        }
        return out;
    }

    private static void unwrap(Binary64[] v, double[] out) {
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i].getReal();
        }
    }

    private Binary64[] newState() {
        return MathArrays.buildArray(Binary64.ZERO.getField(), channelCount());
    }

    /**
     * {@link #initState} evaluated with doubles.
     *
     * @param p   the neuron's parameters, in {@link #params()} order
     * @param out receives {@code y(0)}, length {@link #channelCount()}
     */
    public final void initState(double[] p, double[] out) {
        Binary64[] o = newState();
        initState(wrap(p), o);
        unwrap(o, out);
    }

    /**
     * {@link #dynamics} evaluated with doubles: by the model's {@link #fastDynamics} when the class that offers it is
     * the class that declares the generic {@code dynamics} (or a subclass of it), else through the generic method.
     *
     * @param y   the state
     * @param p   the neuron's parameters
     * @param out receives {@code dy/dt} (per ms), length {@link #channelCount()}
     */
    public final void dynamics(double[] y, double[] p, double[] out) {
        if (fastDynamicsValid) {
            fastDynamics(y, p, out);
            return;
        }
        Binary64[] o = newState();
        dynamics(wrap(y), wrap(p), o);
        unwrap(o, out);
    }

    /**
     * {@link #spikeCondition} evaluated with doubles (by {@link #fastSpikeCondition} under the same rule).
     *
     * @param y the state
     * @param p the neuron's parameters
     * @return {@code g(y, p)}, negative below threshold
     */
    public final double spikeCondition(double[] y, double[] p) {
        if (fastConditionValid) {
            return fastSpikeCondition(y, p);
        }
        return spikeCondition(wrap(y), wrap(p)).getReal();
    }

    /**
     * Optional plain-double version of {@link #dynamics}, for speed (the numerical simulator calls it for every
     * integrator stage). It must compute exactly what the generic method computes. It is used only while no subclass
     * re-declares the generic {@code dynamics} below the class that declares this method, so a subclass that
     * changes the equations can never keep a stale fast path. The default delegates to the generic method.
     *
     * @param y   the state
     * @param p   the neuron's parameters
     * @param out receives {@code dy/dt} (per ms), length {@link #channelCount()}
     */
    protected void fastDynamics(double[] y, double[] p, double[] out) {
        Binary64[] o = newState();
        dynamics(wrap(y), wrap(p), o);
        unwrap(o, out);
    }

    /**
     * Optional plain-double version of {@link #spikeCondition}; same rule as {@link #fastDynamics}.
     *
     * @param y the state
     * @param p the neuron's parameters
     * @return {@code g(y, p)}, negative below threshold
     */
    protected double fastSpikeCondition(double[] y, double[] p) {
        return spikeCondition(wrap(y), wrap(p)).getReal();
    }

    /** Whether the fast method {@code fast} is declared in the class that declares {@code generic}, or below it. */
    private boolean fastPathValid(String fast, Class<?>[] fastArgs, String generic, Class<?>[] genericArgs) {
        try {
            Class<?> f = findDeclaring(getClass(), fast, fastArgs);
            Class<?> g = getClass().getMethod(generic, genericArgs).getDeclaringClass();
            return f != NeuronModel.class && g.isAssignableFrom(f);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> findDeclaring(Class<?> c, String name, Class<?>[] args) throws NoSuchMethodException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                k.getDeclaredMethod(name, args);
                return k;
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        throw new NoSuchMethodException(name);
    }

    /**
     * {@link #inputSpike} evaluated with doubles, in place on {@code y}.
     *
     * @param y the state just before the spike; overwritten with the state just after
     * @param w the synaptic weight
     * @param p the neuron's parameters
     */
    public final void inputSpike(double[] y, double w, double[] p) {
        Binary64[] o = newState();
        inputSpike(wrap(y), new Binary64(w), wrap(p), o);
        unwrap(o, y);
    }

    /**
     * {@link #resetSpiked} evaluated with doubles, in place on {@code y}.
     *
     * @param y the state at the spike; overwritten with the state after the reset
     * @param p the neuron's parameters
     */
    public final void resetSpiked(double[] y, double[] p) {
        Binary64[] o = newState();
        resetSpiked(wrap(y), wrap(p), o);
        unwrap(o, y);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Fast path: the equations traced once and compiled (see TracedModel).

    /**
     * A new plain-double evaluator of this model's equations and their vector-Jacobian products (one per thread). The
     * generic methods are traced once per model object into straight-line programs that are compiled to bytecode, so
     * a model written only with the generic methods runs as fast as hand-written double code, with exact derivatives.
     * A model whose equations cannot be traced (they read values, e.g. to branch) falls back to evaluating the generic
     * methods, with one notice on stderr per model class; {@link #traceFailure()} says why.
     *
     * @return a new evaluator: compiled traced equations, or the generic fallback
     */
    public final ModelEvaluator newEvaluator() {
        Object t = tracedOrFailure();
        return t instanceof TracedModel tm ? tm.newEvaluator() : new GenericEvaluator(this);
    }

    /**
     * The traced equations, or null if this model cannot be traced.
     *
     * @return the traced equations (traced on first use, then kept), or null
     */
    public final TracedModel tracedModel() {
        Object t = tracedOrFailure();
        return t instanceof TracedModel tm ? tm : null;
    }

    /**
     * Why this model's equations cannot be traced, or null if they can (they run on the fast path).
     *
     * @return the simple class name and message of the exception that the trace threw, or null
     */
    public final String traceFailure() {
        Object t = tracedOrFailure();
        return t instanceof String s ? s : null;
    }

    private static final java.util.Set<Class<?>> NOTIFIED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Object tracedOrFailure() {
        Object t = traced;
        if (t == null) {
            synchronized (this) {
                t = traced;
                if (t == null) {
                    try {
                        t = TracedModel.trace(this);
                    } catch (RuntimeException e) {
                        t = e.getClass().getSimpleName() + ": " + e.getMessage();
                        if (NOTIFIED.add(getClass())) {
                            System.err.println("eventprop4j: notice: model " + name + " (" + getClass().getName()
                                    + ") cannot be traced (" + t + "); it runs on the slower generic path");
                        }
                    }
                    traced = t;
                }
            }
        }
        return t;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Silence test: lets the simulator stop integrating a neuron that can no longer spike.

    /**
     * Optional, for speed: whether a neuron in state {@code y} provably does not reach its spike condition within the
     * next {@code duration} ms (the rest of the window; may be infinite) if no further input spike arrives. The
     * simulator then stops integrating it after its last input. Must be conservative: {@code true} only when silence
     * is certain (a wrong {@code true} loses spikes); a proof that needs the time left should keep a margin for the
     * integration error. The default says {@code false}. It is used only while it is declared in the class that
     * declares the generic {@code dynamics}, {@code spikeCondition}, {@code resetSpiked} and {@code inputSpike} (or
     * below it), so a subclass that changes the equations never inherits a stale test.
     *
     * @param y        the state
     * @param p        the neuron's parameters
     * @param duration the time left, ms (may be infinite)
     * @return {@code true} only if the neuron certainly does not spike within {@code duration} without further input
     */
    protected boolean staysSilent(double[] y, double[] p, double duration) {
        return false;
    }

    /**
     * Whether this model has a silence test that applies ({@link #staysSilent}, under the rule above).
     *
     * @return whether {@link #provablySilent} consults {@link #staysSilent}
     */
    public final boolean hasSilenceTest() {
        return silenceTestValid;
    }

    /**
     * {@link #staysSilent} under the validity rule above (false where it does not apply).
     *
     * @param y        the state
     * @param p        the neuron's parameters
     * @param duration time left in the window (ms)
     * @return the answer of {@link #staysSilent} if the test applies, else false
     */
    public final boolean provablySilent(double[] y, double[] p, double duration) {
        return silenceTestValid && staysSilent(y, p, duration);
    }

    private boolean silenceTestValid() {
        try {
            Class<?> d = double[].class;
            Class<?> fa = CalculusFieldElement[].class;
            Class<?> s = findDeclaring(getClass(), "staysSilent", new Class<?>[] {d, d, double.class});
            if (s == NeuronModel.class) {
                return false;
            }
            Class<?>[] owners = {
                getClass().getMethod("dynamics", fa, fa, fa).getDeclaringClass(),
                getClass().getMethod("spikeCondition", fa, fa).getDeclaringClass(),
                getClass().getMethod("resetSpiked", fa, fa, fa).getDeclaringClass(),
                getClass().getMethod("inputSpike", fa, CalculusFieldElement.class, fa, fa).getDeclaringClass(),
            };
            for (Class<?> o : owners) {
                if (!o.isAssignableFrom(s)) {
                    return false;
                }
            }
            return true;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name + channels + params.stream().map(ParamSpec::name).toList();
    }
}
