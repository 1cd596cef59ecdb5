package dev.netservices.files;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.Positive;

import org.springframework.util.unit.DataSize;

/**
 * Lets {@code @Positive} stand on a {@link DataSize} setting, so sizes are validated by annotations on the
 * properties record like every other setting. Hibernate Validator finds it through
 * {@code META-INF/services/jakarta.validation.ConstraintValidator}.
 */
public final class PositiveDataSize implements ConstraintValidator<Positive, DataSize> {

    @Override
    public boolean isValid(DataSize value, ConstraintValidatorContext context) {
        return value == null || value.toBytes() > 0;
    }
}
