package io.skyroute.sorting;

import io.skyroute.config.SortingRulesConfig;
import io.skyroute.config.SortingRulesConfig.Action;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.spi.Language;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The sorting rules, compiled with Camel's simple language: a frame's header cards are put on its
 * message as {@code FITS_<KEYWORD>} headers (the usual cards and every card a rule names, not all ~300,
 * which costs), and the first rule whose {@code when} holds decides — or, when none does, the layout.
 */
public final class SortingRules {

    /** What the rules decided for a frame: the rule, the action, the reason, and a rule's own layout (or null). */
    public record Decision(String rule, Action action, String reason, String layout) {
    }

    private record CompiledRule(String name, Predicate when, Action action, Expression reason, Expression layout) {
    }

    static final List<String> STANDARD_CARDS = List.of("OBJECT", "INSTRUME", "FILTER", "OBSTYPE", "RLEVEL", "WCSERR", "PROPID",
            "SITEID", "TELESCOP", "EXPTIME", "DATE-OBS", "DAY-OBS", "MJD-OBS", "REQNUM");
    private static final Pattern CARD_REFERENCE = Pattern.compile("FITS_([A-Z0-9_]+)");

    private final List<CompiledRule> rules = new ArrayList<>();
    private final Set<String> exposedCards = new LinkedHashSet<>(STANDARD_CARDS);

    /** Compiles the rules' predicates and texts with the context's simple language (fails fast on a bad rule). */
    public static SortingRules compile(CamelContext context, SortingRulesConfig config, String origin) {
        SortingRules compiled = new SortingRules();
        Language simple = context.resolveLanguage("simple");
        for (SortingRulesConfig.Rule rule : config.rules()) {
            var referenced = CARD_REFERENCE.matcher(rule.when() + " " + (rule.reason() == null ? "" : rule.reason()) + " "
                    + (rule.layout() == null ? "" : rule.layout()));
            while (referenced.find()) {
                String card = referenced.group(1);
                compiled.exposedCards.add(STANDARD_CARDS.contains(card.replace('_', '-')) ? card.replace('_', '-') : card);
            }
        }
        for (int i = 0; i < config.rules().size(); i++) {
            SortingRulesConfig.Rule rule = config.rules().get(i);
            try {
                compiled.rules.add(new CompiledRule(rule.name(), simple.createPredicate(rule.when()), rule.action(),
                        rule.reason() == null ? null : simple.createExpression(rule.reason()),
                        rule.layout() == null ? null : simple.createExpression(rule.layout())));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(origin + ": rules[" + i + "] (" + rule.name() + "): " + e.getMessage(), e);
            }
        }
        return compiled;
    }

    /** Puts the frame's cards on the message and applies the rules in order. */
    public Decision decide(Exchange exchange, FrameHeader header) {
        for (String key : exposedCards) {
            header.text(key).ifPresent(value -> exchange.getIn().setHeader("FITS_" + key.replace('-', '_'), typed(value)));
        }
        for (CompiledRule rule : rules) {
            if (rule.when().matches(exchange)) {
                String reason = rule.reason() == null ? "rule " + rule.name() : rule.reason().evaluate(exchange, String.class);
                String layout = rule.layout() == null ? null : rule.layout().evaluate(exchange, String.class);
                return new Decision(rule.name(), rule.action(), reason, layout);
            }
        }
        return new Decision("layout", Action.PLACE, null, null);
    }

    /** Numbers as numbers, so rules compare them as numbers ({@code ${header.FITS_EXPTIME} < 10.0}). */
    static Object typed(String value) {
        String v = value.trim();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException notWhole) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException notNumber) {
                return v;
            }
        }
    }
}
