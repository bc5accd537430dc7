package io.jenkins.plugins.dhcplease.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Core's layering, enforced: values and selection know nothing of ours; the engine knows only them and its seams;
 * the backends know the engine's seam but not each other nor who calls them; nothing in core knows the CLI or the
 * plugin. The platform is chosen at the top (agent, CLI), never inside the engine.
 */
@AnalyzeClasses(packages = "io.jenkins.plugins.dhcplease", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    private static final String ROOT = "io.jenkins.plugins.dhcplease.";

    @ArchTest
    static final ArchRule modelDependsOnNothingOfOurs = noClasses().that().resideInAPackage(ROOT + "model..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + "verify..", ROOT + "select..", ROOT + "engine..", ROOT + "windows..",
                    ROOT + "linux..", ROOT + "agent..", ROOT + "files..", ROOT + "cli..", ROOT + "steps..", ROOT + "remote..");

    @ArchTest
    static final ArchRule selectDependsOnModelOnly = noClasses().that().resideInAPackage(ROOT + "select..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + "engine..", ROOT + "windows..", ROOT + "linux..",
                    ROOT + "agent..", ROOT + "files..", ROOT + "cli..", ROOT + "steps..", ROOT + "remote..");

    @ArchTest
    static final ArchRule engineDependsOnModelAndSelectOnly = noClasses().that().resideInAPackage(ROOT + "engine..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + "verify..", ROOT + "windows..", ROOT + "linux..", ROOT + "agent..",
                    ROOT + "files..", ROOT + "cli..", ROOT + "steps..", ROOT + "remote..");

    @ArchTest
    static final ArchRule windowsKnowsNoOtherBackendNorItsCallers = noClasses().that().resideInAPackage(ROOT + "windows..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + "linux..", ROOT + "agent..", ROOT + "cli..",
                    ROOT + "steps..", ROOT + "remote..");

    @ArchTest
    static final ArchRule linuxKnowsNoOtherBackendNorItsCallers = noClasses().that().resideInAPackage(ROOT + "linux..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + "windows..", ROOT + "agent..", ROOT + "cli..",
                    ROOT + "steps..", ROOT + "remote..");

    @ArchTest
    static final ArchRule verifyKnowsTheEngineSeamAndModelOnly = noClasses().that().resideInAPackage(ROOT + "verify..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + "select..", ROOT + "windows..", ROOT + "linux..",
                    ROOT + "agent..", ROOT + "files..", ROOT + "cli..", ROOT + "steps..", ROOT + "remote..");

    @ArchTest
    static final ArchRule filesKnowNothingButTheJdk = noClasses().that().resideInAPackage(ROOT + "files..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + "model..", ROOT + "select..", ROOT + "engine..",
                    ROOT + "windows..", ROOT + "linux..", ROOT + "agent..", ROOT + "cli..", ROOT + "steps..", ROOT + "remote..");

    @ArchTest
    static final ArchRule nothingInCoreKnowsTheCliOrThePlugin = noClasses().that().resideInAnyPackage(ROOT + "model..",
                    ROOT + "select..", ROOT + "engine..", ROOT + "windows..", ROOT + "linux..", ROOT + "agent..", ROOT + "files..", ROOT + "verify..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + "cli..", ROOT + "steps..", ROOT + "remote..");
}
