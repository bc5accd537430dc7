package io.jenkins.plugins.dhcplease.windows.jna;

import com.sun.jna.Pointer;
import java.lang.reflect.Array;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MSVC layout (default packing /Zp8) of one of our JNA structures, for a pointer size of choice. JNA can only lay
 * a structure out for the JVM's own pointer size; this derives the layout from the same field declarations for the
 * other one, so that the 32-bit Windows numbers check that every pointer-sized field is declared pointer-sized
 * (Pointer, TimeT) and nothing else is. The 64-bit numbers check this model against JNA itself.
 */
final class MsvcLayout {
    private static final int PACK = 8;

    /** "TYPE.member" and "TYPE.size" entries, like the layout table. */
    final Map<String, Integer> entries = new LinkedHashMap<>();
    final int size;
    final int alignment;

    MsvcLayout(String cType, WinStructure s, int pointerSize) {
        int offset = 0;
        int align = Math.min(s.headAlignment(), PACK);
        for (String name : s.fields()) {
            Object value;
            try {
                value = s.getClass().getField(name).get(s);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            int[] sa = sizeAndAlignment(s.getClass(), name, value, pointerSize);
            int fieldAlign = Math.min(sa[1], PACK);
            offset = roundUp(offset, fieldAlign);
            entries.put(cType + "." + name, offset);
            offset += sa[0];
            align = Math.max(align, fieldAlign);
        }
        this.alignment = align;
        this.size = roundUp(offset, align);
        entries.put(cType + ".size", size);
    }

    private static int[] sizeAndAlignment(Class<?> owner, String field, Object value, int pointerSize) {
        if (value == null) {
            try {
                Class<?> t = owner.getField(field).getType();
                if (Pointer.class.isAssignableFrom(t) || TimeT.class.equals(t)) {
                    return new int[] {pointerSize, pointerSize};
                }
                value = t.getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot size field " + field + " of " + owner.getSimpleName(), e);
            }
        }
        return sizeAndAlignment(value, pointerSize);
    }

    private static int[] sizeAndAlignment(Object value, int pointerSize) {
        if (value instanceof Pointer || value instanceof TimeT) {
            return new int[] {pointerSize, pointerSize};
        }
        if (value instanceof WinStructure nested) {
            MsvcLayout l = new MsvcLayout("nested", nested, pointerSize);
            return new int[] {l.size, l.alignment};
        }
        if (value.getClass().isArray()) {
            int n = Array.getLength(value);
            int[] element = n > 0 && Array.get(value, 0) != null
                    ? sizeAndAlignment(Array.get(value, 0), pointerSize)
                    : primitive(value.getClass().getComponentType());
            return new int[] {element[0] * n, element[1]};
        }
        return primitive(value.getClass());
    }

    private static int[] primitive(Class<?> c) {
        if (c == byte.class || c == Byte.class) {
            return new int[] {1, 1};
        }
        if (c == short.class || c == Short.class) {
            return new int[] {2, 2};
        }
        if (c == int.class || c == Integer.class) {
            return new int[] {4, 4};
        }
        if (c == long.class || c == Long.class) {
            return new int[] {8, 8};
        }
        throw new AssertionError("no MSVC size for " + c + ": declare the field with a fixed-width Java type");
    }

    private static int roundUp(int n, int to) {
        return (n + to - 1) / to * to;
    }
}
