package dev.autotransfer.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The project's map, checked: modules depend one way (bank-spi, core, jdbc, ledger, examples), no
 * package cycle, no public signature names an internal type, and an internal package is used only
 * inside its own module. Runs over the main code of every module (test code is not checked).
 */
@AnalyzeClasses(packages = "dev.autotransfer", importOptions = ArchitectureTest.MainCodeOnly.class)
class ArchitectureTest {

    /** The packages of the core module (everything under dev.autotransfer but the other modules). */
    private static final String[] CORE = {"dev.autotransfer", "dev.autotransfer.engine..", "dev.autotransfer.event..",
        "dev.autotransfer.spi..", "dev.autotransfer.domain..", "dev.autotransfer.client..",
        "dev.autotransfer.calendar..", "dev.autotransfer.audit..", "dev.autotransfer.memory..",
        "dev.autotransfer.internal.."};

    private static final DescribedPredicate<JavaClass> INTERNAL = DescribedPredicate.describe("internal",
            type -> isInternal(type));

    private static final DescribedPredicate<JavaClass> API_TYPES = DescribedPredicate.describe(
            "public types outside internal packages", type -> type.getModifiers().contains(JavaModifier.PUBLIC)
                    && !isInternal(type) && isPublicAllTheWayOut(type));

    @ArchTest
    static final ArchRule no_package_is_part_of_a_cycle = slices().matching("dev.autotransfer.(**)")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule the_bank_contract_depends_on_no_other_module = noClasses()
            .that().resideInAPackage("dev.autotransfer.bank..")
            .should().dependOnClassesThat().resideInAnyPackage(concat(CORE, "dev.autotransfer.jdbc..",
                    "dev.autotransfer.ledger..", "dev.autotransfer.examples.."));

    @ArchTest
    static final ArchRule core_depends_on_no_adapter_module = noClasses()
            .that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("dev.autotransfer.jdbc..",
                    "dev.autotransfer.ledger..", "dev.autotransfer.examples..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule the_jdbc_module_depends_on_neither_the_ledger_nor_the_examples = noClasses()
            .that().resideInAPackage("dev.autotransfer.jdbc..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.autotransfer.ledger..",
                    "dev.autotransfer.examples..");

    @ArchTest
    static final ArchRule core_internals_are_used_only_inside_core = noClasses()
            .that().resideOutsideOfPackages(CORE)
            .should().dependOnClassesThat().resideInAPackage("dev.autotransfer.internal..");

    @ArchTest
    static final ArchRule jdbc_internals_are_used_only_inside_the_jdbc_module = noClasses()
            .that().resideOutsideOfPackage("dev.autotransfer.jdbc..")
            .should().dependOnClassesThat().resideInAPackage("dev.autotransfer.jdbc.internal..");

    @ArchTest
    static final ArchRule ledger_internals_are_used_only_inside_the_ledger_module = noClasses()
            .that().resideOutsideOfPackage("dev.autotransfer.ledger..")
            .should().dependOnClassesThat().resideInAPackage("dev.autotransfer.ledger.internal..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule public_methods_and_constructors_name_no_internal_type = codeUnits()
            .that().areDeclaredInClassesThat(API_TYPES)
            .should(nameNoInternalTypeWhenVisible());

    @ArchTest
    static final ArchRule public_fields_name_no_internal_type = fields()
            .that().areDeclaredInClassesThat(API_TYPES).and().arePublic()
            .should(haveNoInternalType());

    @ArchTest
    static final ArchRule public_types_extend_no_internal_type = noClasses()
            .that(API_TYPES)
            .should().beAssignableTo(INTERNAL);

    private static boolean isInternal(JavaClass type) {
        return type.getPackageName().matches("dev\\.autotransfer(\\.\\w+)?\\.internal(\\..*)?");
    }

    private static boolean isPublicAllTheWayOut(JavaClass type) {
        return type.getEnclosingClass().map(outer -> outer.getModifiers().contains(JavaModifier.PUBLIC)
                && isPublicAllTheWayOut(outer)).orElse(true);
    }

    private static ArchCondition<JavaCodeUnit> nameNoInternalTypeWhenVisible() {
        return new ArchCondition<>("name no internal type in their signature when public or protected") {
            @Override
            public void check(JavaCodeUnit unit, ConditionEvents events) {
                if (!unit.getModifiers().contains(JavaModifier.PUBLIC)
                        && !unit.getModifiers().contains(JavaModifier.PROTECTED)) {
                    return;
                }
                Stream<JavaType> types = Stream.concat(Stream.of(unit.getReturnType()),
                        unit.getParameterTypes().stream());
                report(unit.getFullName(), types, events, unit);
            }
        };
    }

    private static ArchCondition<JavaField> haveNoInternalType() {
        return new ArchCondition<>("have no internal type") {
            @Override
            public void check(JavaField field, ConditionEvents events) {
                report(field.getFullName(), Stream.of(field.getType()), events, field);
            }
        };
    }

    private static void report(String name, Stream<JavaType> types, ConditionEvents events, Object item) {
        Set<String> internal = types.flatMap(type -> type.getAllInvolvedRawTypes().stream())
                .filter(ArchitectureTest::isInternal).map(JavaClass::getName).collect(Collectors.toSet());
        if (!internal.isEmpty()) {
            events.add(SimpleConditionEvent.violated(item, name + " names internal " + internal));
        }
    }

    private static String[] concat(String[] first, String... more) {
        return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
    }

    /** The main code of every module: no test classes, no test-jars. */
    static final class MainCodeOnly implements ImportOption {
        private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");

        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") && !location.matches(TEST_JAR);
        }
    }
}
