package dev.netservices.files;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.util.unit.DataSize;

/** Lets {@code @PositiveOrZero} stand on a {@link DataSize} setting (see {@link PositiveDataSize}). */
public final class PositiveOrZeroDataSize implements ConstraintValidator<PositiveOrZero, DataSize> {

    @Override
    public boolean isValid(DataSize value, ConstraintValidatorContext context) {
        return value == null || value.toBytes() >= 0;
    }
}
