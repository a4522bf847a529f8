package dev.autotransfer.jdbc.testing;

import dev.autotransfer.jdbc.api.Dialect;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Expands a {@link DatabaseTest} method into one invocation per {@link Dialect}, each creating a
 * {@link TestDatabase} before the test and dropping it after. Stateless; JUnit may call it from
 * any thread.
 */
public final class DatabaseTestExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return AnnotationSupport.isAnnotated(context.getTestMethod(), DatabaseTest.class);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        DatabaseTest test = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), DatabaseTest.class)
                .orElseThrow();
        return Stream.of(test.dialects()).distinct().map(dialect -> new Invocation(dialect, test.installSchema()));
    }

    private record Invocation(Dialect dialect, boolean install) implements TestTemplateInvocationContext {
        @Override
        public String getDisplayName(int invocationIndex) {
            return "on " + DatabaseServers.displayName(dialect);
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new Lifecycle(dialect, install));
        }
    }

    private record Lifecycle(Dialect dialect, boolean install)
            implements ExecutionCondition, BeforeEachCallback, AfterEachCallback, ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE =
                ExtensionContext.Namespace.create(DatabaseTestExtension.class);

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String skipReason = DatabaseServers.skipReason(dialect);
            return skipReason == null ? ConditionEvaluationResult.enabled("database available")
                    : ConditionEvaluationResult.disabled(skipReason);
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            TestDatabase database = PreparedDatabases.take(dialect, DatabaseServers.baseUrl(dialect), install);
            context.getStore(NAMESPACE).put(TestDatabase.class, database);
        }

        @Override
        public void afterEach(ExtensionContext context) {
            TestDatabase database = context.getStore(NAMESPACE).remove(TestDatabase.class, TestDatabase.class);
            if (database != null) {
                PreparedDatabases.release(database);
            }
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TestDatabase.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getStore(NAMESPACE).get(TestDatabase.class, TestDatabase.class);
        }
    }
}
