package org.infohub.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Every processor Java sends mail to, and every one the configuration routes to, is declared. */
class ProcessorsTest {
    private static final Path XML = Path.of("..", "conf", "james", "mailetcontainer.xml");

    private static Document container() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(XML.toFile());
    }

    private static Set<String> declared(Document d) {
        Set<String> names = new TreeSet<>();
        NodeList processors = d.getElementsByTagName("processor");
        for (int i = 0; i < processors.getLength(); i++) {
            Element e = (Element) processors.item(i);
            if (e.hasAttribute("state")) {
                names.add(e.getAttribute("state"));
            }
        }
        return names;
    }

    @Test
    void everyProcessorNamedInJavaShouldBeDeclared() throws Exception {
        Set<String> declared = declared(container());

        assertThat(declared).containsAll(Processors.ALL);
        assertThat(declared).as("hold, refuse, retry and over-budget each have a processor of their own")
                .contains(Processors.HOLD, Processors.REJECT, Processors.RETRY, Processors.OVER_BUDGET);
    }

    @Test
    void everyProcessorTheConfigurationRoutesToShouldBeDeclared() throws Exception {
        Document d = container();
        Set<String> declared = declared(d);
        declared.addAll(List.of("ignore", "propagate", "ghost"));
        List<String> targets = new ArrayList<>();
        for (String tag : List.of("processor", "onMailetException", "onMatchException", "failedProcessor")) {
            NodeList nodes = d.getElementsByTagName(tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                Element e = (Element) nodes.item(i);
                if (!e.hasAttribute("state") && !e.getTextContent().isBlank()) {
                    targets.add(e.getTextContent().trim());
                }
            }
        }

        assertThat(targets).isNotEmpty().allMatch(declared::contains);
    }
}
