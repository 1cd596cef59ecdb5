package dev.netservices.common.settings;

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

    /** Unset: the message names the bound that was crossed ("must be at least 1 bytes"). */
    String message() default "";

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
            if (value == null || (value.toBytes() >= min && value.toBytes() <= max)) {
                return true;
            }
            if (context.getDefaultConstraintMessageTemplate().isEmpty()) {
                context.disableDefaultConstraintViolation();
                String bound = max == Long.MAX_VALUE ? "at least " + min
                        : min == 0 ? "at most " + max : "between " + min + " and " + max;
                context.buildConstraintViolationWithTemplate("must be " + bound + " bytes").addConstraintViolation();
            }
            return false;
        }
    }
}
