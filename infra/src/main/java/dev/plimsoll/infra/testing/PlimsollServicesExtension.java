package dev.plimsoll.infra.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that resolves {@link KafkaService} and {@link ClickHouseService} parameters of
 * test methods, lifecycle methods and test constructors:
 *
 * <pre>{@code
 * @ExtendWith(PlimsollServicesExtension.class)
 * class SinkTest {
 *     @Test
 *     void writesOneRowPerMinute(KafkaService kafka, ClickHouseService clickhouse) { ... }
 * }
 * }</pre>
 *
 * <p>The services are those of {@link PlimsollServices}: started once per JVM, shared by all test
 * classes, stopped when the JVM exits.
 */
public final class PlimsollServicesExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(
            ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == KafkaService.class || type == ClickHouseService.class;
    }

    @Override
    public Object resolveParameter(
            ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        try {
            return type == KafkaService.class
                    ? PlimsollServices.kafka()
                    : PlimsollServices.clickhouse();
        } catch (RuntimeException e) {
            throw new ParameterResolutionException(
                    "Cannot provide " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
