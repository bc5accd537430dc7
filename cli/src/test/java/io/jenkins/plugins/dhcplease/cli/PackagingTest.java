package io.jenkins.plugins.dhcplease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The runnable jar must not replace the module's own jar: a rebuild without clean finds the module's jar up to date,
 * and shade then reads its own previous output ("dhcp-lease.jar, picocli define 227 overlapping classes").
 */
class PackagingTest {

    @Test
    void theRunnableJarIsAFileOfItsOwnNotTheModuleJar() throws Exception {
        Path pom = Path.of("pom.xml");
        assertTrue(Files.isRegularFile(pom), "run from the cli module: " + pom.toAbsolutePath());
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        Element build = (Element) d.getElementsByTagName("build").item(0);
        NodeList finalName = build.getElementsByTagName("finalName");
        String moduleJar = finalName.getLength() == 0 ? "${project.artifactId}-${project.version}"
                : finalName.item(0).getTextContent().trim();
        NodeList output = d.getElementsByTagName("outputFile");
        assertEquals(1, output.getLength(), "the shade execution names its own output file");
        String shaded = output.item(0).getTextContent().trim();
        assertEquals("${project.build.directory}/dhcp-lease.jar", shaded, "the documented path of the runnable jar");
        assertNotEquals("dhcp-lease", moduleJar, "the module's jar and the runnable jar are different files");
        assertEquals(0, d.getElementsByTagName("shadedArtifactAttached").getLength()
                + d.getElementsByTagName("replaceOriginalArtifact").getLength(), "nothing puts the shaded jar back");
    }
}
