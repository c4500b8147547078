package dev.groups.machine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A sealed family of types on the wire: a one-byte tag, then the variant's own format. Made with
 * {@link WireFormats#union}.
 *
 * @param <T> the family's base type
 */
public final class UnionFormat<T> implements WireFormat<T> {
    private final Class<T> base;
    private final List<Variant<? extends T>> variants;
    private final Variant<?>[] byTag = new Variant<?>[256];

    private record Variant<S>(int tag, Class<S> type, WireFormat<S> format) {}

    private UnionFormat(Class<T> base, List<Variant<? extends T>> variants) {
        this.base = base;
        this.variants = List.copyOf(variants);
        for (Variant<? extends T> v : this.variants) {
            byTag[v.tag()] = v;
        }
    }

    @Override
    public void write(CodecWriter out, T value) {
        WireFormats.nonNull(value);
        for (Variant<? extends T> v : variants) {
            if (v.type().isInstance(value)) {
                write(out, v, value);
                return;
            }
        }
        throw new CodecException("no variant of " + base.getSimpleName() + " for " + value.getClass().getName());
    }

    private static <S> void write(CodecWriter out, Variant<S> v, Object value) {
        v.format().write(out.u8(v.tag()), v.type().cast(value));
    }

    @Override
    public T read(CodecReader in) {
        int tag = in.u8();
        Variant<?> v = byTag[tag];
        if (v == null) {
            throw new CodecException("unknown " + base.getSimpleName() + " tag " + tag);
        }
        return base.cast(v.format().read(in));
    }

    /** Collects the variants of a {@link UnionFormat}. */
    public static final class Builder<T> {
        private final Class<T> base;
        private final List<Variant<? extends T>> variants = new ArrayList<>();

        Builder(Class<T> base) {
            this.base = Objects.requireNonNull(base, "base");
        }

        /**
         * Values of {@code type} are written as {@code tag} and then {@code format}. Variants are tried
         * in the order they are added, so a subtype goes before its supertype.
         *
         * @param tag 0..255, distinct within the union; never reuse a tag for another meaning
         */
        public <S extends T> Builder<T> variant(int tag, Class<S> type, WireFormat<S> format) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(format, "format");
            if (tag < 0 || tag > 255) {
                throw new IllegalArgumentException("tag must be in 0..255, got " + tag);
            }
            for (Variant<? extends T> v : variants) {
                if (v.tag() == tag) {
                    throw new IllegalArgumentException("tag " + tag + " is used by " + v.type().getSimpleName() + " already");
                }
                if (v.type() == type) {
                    throw new IllegalArgumentException(type.getSimpleName() + " has tag " + v.tag() + " already");
                }
            }
            variants.add(new Variant<>(tag, type, format));
            return this;
        }

        /**
         * The format.
         *
         * @throws IllegalArgumentException if there is no variant, or {@code base} is sealed and a
         *                                  permitted subtype has none (it could not be encoded)
         */
        public UnionFormat<T> build() {
            if (variants.isEmpty()) {
                throw new IllegalArgumentException("a union of " + base.getSimpleName() + " needs at least one variant");
            }
            if (base.isSealed()) {
                for (Class<?> permitted : base.getPermittedSubclasses()) {
                    boolean covered = variants.stream().anyMatch(v -> permitted.isAssignableFrom(v.type())
                            || v.type().isAssignableFrom(permitted));
                    if (!covered) {
                        throw new IllegalArgumentException("no variant for " + permitted.getSimpleName() + ", which "
                                + base.getSimpleName() + " permits");
                    }
                }
            }
            return new UnionFormat<>(base, variants);
        }
    }
}
