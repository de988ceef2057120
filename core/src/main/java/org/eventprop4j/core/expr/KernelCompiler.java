package org.eventprop4j.core.expr;

import java.lang.invoke.MethodHandles;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Turns a {@link Program} into a hidden JVM class implementing {@link Kernel}: one local variable per instruction,
 * straight-line bytecode, {@link Math} calls for the functions. The JIT then compiles it like hand-written code, so a
 * model's traced equations run at the speed of a plain-double copy that nobody had to write. Programs too large for the
 * JIT to compile well (over {@link #MAX_INSTRUCTIONS}) stay interpreted.
 *
 * <p>Why bytecode rather than generated Java source and {@code javax.tools}: no compiler needs to be present at run
 * time (a JRE suffices), and defining a class takes well under a millisecond.
 */
final class KernelCompiler {
    /** Largest program compiled (keeps the method under HotSpot's 8000-byte limit for JIT compilation). */
    static final int MAX_INSTRUCTIONS = 600;

    private static final String MATH = "java/lang/Math";
    private static final String OPS = "org/eventprop4j/core/expr/Op";
    private static final String D_D = "(D)D";
    private static final String DD_D = "(DD)D";

    private KernelCompiler() {
    }

    /** The compiled kernel, or null if the program is too large or the class could not be defined. */
    static Kernel compile(Program pr) {
        if (pr.size() > MAX_INSTRUCTIONS) {
            return null;
        }
        try {
            byte[] bytes = generate(pr);
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return (Kernel) lookup.lookupClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return null;
        }
    }

    private static int slot(int i) {
        return 5 + 2 * i;
    }

    /** The compiled batch kernel, or null if the program is too large or the class could not be defined. */
    static BatchKernel compileBatch(Program pr) {
        if (pr.size() > MAX_INSTRUCTIONS) {
            return null;
        }
        try {
            byte[] bytes = generateBatch(pr);
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return (BatchKernel) lookup.lookupClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return null;
        }
    }

    /** Locals: this, y, p, x, out, from, to, stride, i, then two slots per instruction. */
    private static int bslot(int i) {
        return 9 + 2 * i;
    }

    /** Pushes {@code j * stride + i}. */
    private static void index(MethodVisitor m, int j) {
        if (j == 0) {
            m.visitVarInsn(Opcodes.ILOAD, 8);
            return;
        }
        m.visitVarInsn(Opcodes.ILOAD, 7);
        pushInt(m, j);
        m.visitInsn(Opcodes.IMUL);
        m.visitVarInsn(Opcodes.ILOAD, 8);
        m.visitInsn(Opcodes.IADD);
    }

    static byte[] generateBatch(Program pr) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object";
            }
        };
        header(cw, "org/eventprop4j/core/expr/CompiledBatchKernel", "org/eventprop4j/core/expr/BatchKernel");

        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC, "eval", "([D[D[D[DIII)V", null, null);
        m.visitCode();
        org.objectweb.asm.Label loop = new org.objectweb.asm.Label();
        org.objectweb.asm.Label end = new org.objectweb.asm.Label();
        m.visitVarInsn(Opcodes.ILOAD, 5);
        m.visitVarInsn(Opcodes.ISTORE, 8);
        m.visitLabel(loop);
        m.visitVarInsn(Opcodes.ILOAD, 8);
        m.visitVarInsn(Opcodes.ILOAD, 6);
        m.visitJumpInsn(Opcodes.IF_ICMPGE, end);
        body(m, pr, true);
        m.visitIincInsn(8, 1);
        m.visitJumpInsn(Opcodes.GOTO, loop);
        m.visitLabel(end);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** Starts a public final class {@code name} implementing {@code iface}, with a no-argument constructor. */
    private static void header(ClassWriter cw, String name, String iface) {
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, name, null,
                "java/lang/Object", new String[] {iface});
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
    }

    static byte[] generate(Program pr) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        header(cw, "org/eventprop4j/core/expr/CompiledKernel", "org/eventprop4j/core/expr/Kernel");

        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC, "eval", "([D[D[D[D)V", null, null);
        m.visitCode();
        body(m, pr, false);
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * The straight-line body: every instruction into its local, then the outputs into {@code out}; array elements are
     * {@code [j]} in a scalar kernel and {@code [j * stride + i]} in a batch kernel.
     */
    private static void body(MethodVisitor m, Program pr, boolean batch) {
        for (int i = 0; i < pr.size(); i++) {
            byte op = pr.op[i];
            int a = pr.a[i];
            int b = pr.b[i];
            switch (op) {
                case Op.CONST -> m.visitLdcInsn(pr.k[i]);
                case Op.IN_Y, Op.IN_P, Op.IN_X -> {
                    m.visitVarInsn(Opcodes.ALOAD, op == Op.IN_Y ? 1 : op == Op.IN_P ? 2 : 3);
                    element(m, a, batch);
                    m.visitInsn(Opcodes.DALOAD);
                }
                default -> {
                    m.visitVarInsn(Opcodes.DLOAD, local(a, batch));
                    if (Op.arity(op) == 2) {
                        m.visitVarInsn(Opcodes.DLOAD, local(b, batch));
                    }
                    emit(m, op);
                }
            }
            m.visitVarInsn(Opcodes.DSTORE, local(i, batch));
        }
        for (int j = 0; j < pr.outputs.length; j++) {
            m.visitVarInsn(Opcodes.ALOAD, 4);
            element(m, j, batch);
            m.visitVarInsn(Opcodes.DLOAD, local(pr.outputs[j], batch));
            m.visitInsn(Opcodes.DASTORE);
        }
    }

    private static int local(int i, boolean batch) {
        return batch ? bslot(i) : slot(i);
    }

    private static void element(MethodVisitor m, int j, boolean batch) {
        if (batch) {
            index(m, j);
        } else {
            pushInt(m, j);
        }
    }

    private static void pushInt(MethodVisitor m, int v) {
        if (v <= 5) {
            m.visitInsn(Opcodes.ICONST_0 + v);
        } else if (v <= Byte.MAX_VALUE) {
            m.visitIntInsn(Opcodes.BIPUSH, v);
        } else {
            m.visitIntInsn(Opcodes.SIPUSH, v);
        }
    }

    private static void call(MethodVisitor m, String owner, String method, String desc) {
        m.visitMethodInsn(Opcodes.INVOKESTATIC, owner, method, desc, false);
    }

    private static void emit(MethodVisitor m, byte op) {
        switch (op) {
            case Op.ADD -> m.visitInsn(Opcodes.DADD);
            case Op.SUB -> m.visitInsn(Opcodes.DSUB);
            case Op.MUL -> m.visitInsn(Opcodes.DMUL);
            case Op.DIV -> m.visitInsn(Opcodes.DDIV);
            case Op.NEG -> m.visitInsn(Opcodes.DNEG);
            case Op.EXP -> call(m, MATH, "exp", D_D);
            case Op.EXPM1 -> call(m, MATH, "expm1", D_D);
            case Op.LOG -> call(m, MATH, "log", D_D);
            case Op.LOG1P -> call(m, MATH, "log1p", D_D);
            case Op.LOG10 -> call(m, MATH, "log10", D_D);
            case Op.SIN -> call(m, MATH, "sin", D_D);
            case Op.COS -> call(m, MATH, "cos", D_D);
            case Op.TAN -> call(m, MATH, "tan", D_D);
            case Op.ASIN -> call(m, MATH, "asin", D_D);
            case Op.ACOS -> call(m, MATH, "acos", D_D);
            case Op.ATAN -> call(m, MATH, "atan", D_D);
            case Op.SINH -> call(m, MATH, "sinh", D_D);
            case Op.COSH -> call(m, MATH, "cosh", D_D);
            case Op.TANH -> call(m, MATH, "tanh", D_D);
            case Op.ASINH -> call(m, OPS, "asinh", D_D);
            case Op.ACOSH -> call(m, OPS, "acosh", D_D);
            case Op.ATANH -> call(m, OPS, "atanh", D_D);
            case Op.SQRT -> call(m, MATH, "sqrt", D_D);
            case Op.CBRT -> call(m, MATH, "cbrt", D_D);
            case Op.ABS -> call(m, MATH, "abs", D_D);
            case Op.SIGN -> call(m, MATH, "signum", D_D);
            case Op.FLOOR -> call(m, MATH, "floor", D_D);
            case Op.CEIL -> call(m, MATH, "ceil", D_D);
            case Op.RINT -> call(m, MATH, "rint", D_D);
            case Op.ATAN2 -> call(m, MATH, "atan2", DD_D);
            case Op.POW -> call(m, MATH, "pow", DD_D);
            case Op.MIN -> call(m, MATH, "min", DD_D);
            case Op.MAX -> call(m, MATH, "max", DD_D);
            case Op.HYPOT -> call(m, MATH, "hypot", DD_D);
            case Op.REM -> call(m, MATH, "IEEEremainder", DD_D);
            case Op.LE -> call(m, OPS, "le", DD_D);
            default -> throw new IllegalStateException("cannot compile " + Op.name(op));
        }
    }
}
