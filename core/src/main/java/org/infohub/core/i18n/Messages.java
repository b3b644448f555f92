package org.infohub.core.i18n;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Every text the hub writes for a person, in English ({@code messages.properties}) and in
 * Traditional Chinese ({@code messages_zh_HK.properties}), both in UTF-8 beside this class. A text
 * is a {@link MessageFormat} pattern: {@code {0}} for a value, {@code {0,choice,...}} for counts
 * that English writes in the singular or the plural ("1 post", "3 posts"), a doubled {@code ''}
 * for an apostrophe. A key missing from either file fails {@code MessagesTest}; here a missing key
 * would show as the key itself, never as another language's text.
 */
public final class Messages {
    private static final Map<Language, Messages> ALL = new EnumMap<>(Language.class);

    static {
        for (Language l : Language.values()) {
            ALL.put(l, new Messages(l));
        }
    }

    private final Language language;
    private final ResourceBundle bundle;

    private Messages(Language language) {
        this.language = language;
        // No fallback: neither to the machine's locale nor, for a Chinese key, to English.
        this.bundle = ResourceBundle.getBundle("org.infohub.core.i18n.messages", language.locale(),
                Messages.class.getClassLoader(), new ResourceBundle.Control() {
                    @Override
                    public List<String> getFormats(String baseName) {
                        return ResourceBundle.Control.FORMAT_PROPERTIES;
                    }

                    @Override
                    public java.util.Locale getFallbackLocale(String baseName, java.util.Locale locale) {
                        return null;
                    }

                    @Override
                    public List<java.util.Locale> getCandidateLocales(String baseName, java.util.Locale locale) {
                        return language == Language.EN ? List.of(java.util.Locale.ROOT)
                                : List.of(new java.util.Locale("zh", "HK"));
                    }
                });
    }

    public static Messages of(Language language) {
        return ALL.get(language);
    }

    public Language language() {
        return language;
    }

    /** The text of {@code key} with {@code args} put in; the key itself when the bundle lacks it. */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        if (args.length == 0 && pattern.indexOf('{') < 0 && pattern.indexOf('\'') < 0) {
            return pattern;
        }
        return new MessageFormat(pattern, language.locale()).format(args);
    }

    /** Whether the bundle has {@code key}. */
    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    /** Every key of this language's own file, sorted. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>(bundle.keySet());
        Collections.sort(keys);
        return keys;
    }

    /** The pattern of {@code key} as written in the file. */
    public String pattern(String key) {
        return bundle.getString(key);
    }
}
