package org.infohub.admin.web;

import java.util.Map;

/** What a form was filled with and what is wrong with each field, to show it again. */
public record Form(Map<String, String> values, Map<String, String> errors) {
    static final Form EMPTY = new Form(Map.of(), Map.of());

    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    public String error(String field) {
        return errors.getOrDefault(field, "");
    }

    public boolean hasError(String field) {
        return errors.containsKey(field);
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }
}
