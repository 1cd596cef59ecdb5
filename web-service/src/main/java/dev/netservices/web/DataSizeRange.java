package dev.netservices.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import org.springframework.util.unit.DataSize;

/**
 * A {@link DataSize} setting between {@code min} and {@code max} bytes, both included: for sizes what
 * Hibernate Validator's {@code @DurationMin}/{@code @DurationMax} are for durations, which Bean Validation
 * has no annotation for. A null passes ({@code @NotNull} reports it).
 */
@Target({ElementType.FIELD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = DataSizeRange.Check.class)
public @interface DataSizeRange {

    String message() default "must be between {min} and {max} bytes";

    long min() default 0;

    long max() default Long.MAX_VALUE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<DataSizeRange, DataSize> {

        private long min;
        private long max;

        @Override
        public void initialize(DataSizeRange range) {
            min = range.min();
            max = range.max();
        }

        @Override
        public boolean isValid(DataSize value, ConstraintValidatorContext context) {
            return value == null || (value.toBytes() >= min && value.toBytes() <= max);
        }
    }
}
