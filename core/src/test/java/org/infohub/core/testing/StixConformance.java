package org.infohub.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.LexerInterpreter;
import org.antlr.v4.runtime.ParserInterpreter;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.tool.Grammar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * STIX 2.1 checked as the standard's own tools check it: every object against OASIS's JSON schema
 * for its type and every bundle against the bundle schema (from {@code cti-stix2-json-schemas},
 * kept under {@code src/test/resources/stix2-json-schemas} with its licence, read offline), every
 * pattern parsed by the standard's ANTLR grammar, and the strict checks a validator adds: UUIDv4
 * ids for SDOs and SROs, a name and a description on every indicator, references that resolve.
 */
public final class StixConformance {
    private static final String BASE = "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas";
    private static final Set<String> SDO = Set.of("attack-pattern", "campaign", "course-of-action", "grouping", "identity",
            "incident", "indicator", "infrastructure", "intrusion-set", "location", "malware", "malware-analysis", "note",
            "observed-data", "opinion", "report", "threat-actor", "tool", "vulnerability");
    private static final Set<String> SRO = Set.of("relationship", "sighting");
    /** The OASIS TLP 2.0 marking definitions: referenced by id, known to every consumer. */
    private static final Set<String> TLP2 = Set.of("marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaIdResolvers(r -> r.mapPrefix(BASE, "classpath:stix2-json-schemas/schemas")));
    private static final Grammar GRAMMAR = grammar();

    private StixConformance() {
    }

    private static Grammar grammar() {
        try (InputStream in = StixConformance.class.getResourceAsStream("/stix2-json-schemas/pattern_grammar/STIXPattern.g4")) {
            return new Grammar(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | org.antlr.runtime.RecognitionException e) {
            throw new IllegalStateException("the STIX pattern grammar cannot be read", e);
        }
    }

    /** What is wrong with a bundle (empty: nothing), each line naming the object and the rule. */
    public static List<String> problems(Object bundle) {
        JsonNode b = JSON.valueToTree(bundle);
        List<String> out = new ArrayList<>();
        schema("common/bundle.json").validate(b).forEach(e -> out.add("bundle: " + e));
        List<JsonNode> objects = new ArrayList<>();
        b.path("objects").forEach(objects::add);
        out.addAll(objectProblems(objects, true));
        return out;
    }

    /**
     * What is wrong with objects served one by one (a TAXII envelope): each against its type's schema,
     * and, when {@code closed}, every reference resolving within them (or to a TLP 2.0 definition).
     */
    public static List<String> objectProblems(List<JsonNode> objects, boolean closed) {
        List<String> out = new ArrayList<>();
        Set<String> ids = new HashSet<>(TLP2);
        objects.forEach(o -> ids.add(o.path("id").asText()));
        for (JsonNode o : objects) {
            String type = o.path("type").asText();
            String id = o.path("id").asText();
            String folder = SDO.contains(type) ? "sdos" : SRO.contains(type) ? "sros" : "common";
            schema(folder + "/" + type + ".json").validate(o).forEach(e -> out.add(id + ": " + e));
            if (SDO.contains(type) || SRO.contains(type)) {
                // STIX 2.1, 2.9: SDOs and SROs SHOULD use UUIDv4.
                try {
                    UUID uuid = UUID.fromString(id.substring(id.indexOf("--") + 2));
                    if (uuid.version() != 4) {
                        out.add(id + ": an SDO or SRO id is UUIDv" + uuid.version() + ", not UUIDv4");
                    }
                } catch (IllegalArgumentException e) {
                    out.add(id + ": not a UUID");
                }
            }
            if (type.equals("indicator")) {
                for (String p : List.of("name", "description")) {
                    if (o.path(p).asText().isBlank()) {
                        out.add(id + ": an indicator without " + p);
                    }
                }
                if (o.path("pattern_type").asText().equals("stix")) {
                    patternProblem(o.path("pattern").asText()).ifPresent(p -> out.add(id + ": pattern " + p));
                }
            }
            if (closed) {
                List<String> refs = new ArrayList<>();
                o.path("object_marking_refs").forEach(r -> refs.add(r.asText()));
                o.path("object_refs").forEach(r -> refs.add(r.asText()));
                if (o.has("created_by_ref")) {
                    refs.add(o.get("created_by_ref").asText());
                }
                refs.stream().filter(r -> !ids.contains(r)).forEach(r -> out.add(id + ": refers to " + r + ", not here"));
            }
        }
        return out;
    }

    /** Why {@code pattern} is not a sentence of the STIX patterning grammar, or empty when it is. */
    public static java.util.Optional<String> patternProblem(String pattern) {
        LexerInterpreter lexer = GRAMMAR.createLexerInterpreter(CharStreams.fromString(pattern));
        List<String> errors = new ArrayList<>();
        lexer.removeErrorListeners();
        lexer.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object symbol, int line, int at, String msg, RecognitionException e) {
                errors.add("at " + at + ": " + msg);
            }
        });
        ParserInterpreter parser = GRAMMAR.createParserInterpreter(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            parser.parse(GRAMMAR.getRule("pattern").index);
        } catch (ParseCancellationException e) {
            errors.add("'" + pattern + "' does not parse");
        }
        return errors.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(String.join("; ", errors));
    }

    private static Schema schema(String path) {
        return SCHEMAS.getSchema(SchemaLocation.of(BASE + "/" + path));
    }
}
