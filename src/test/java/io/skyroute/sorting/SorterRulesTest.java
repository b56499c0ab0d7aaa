package io.skyroute.sorting;

import io.skyroute.config.SortingRulesConfig;
import io.skyroute.config.SortingRulesConfig.Action;
import io.skyroute.config.SortingRulesConfig.Rule;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SorterRulesTest {

    @Test
    void aRuleThatIsNotAValidPredicateIsRefusedWithItsFileAndPlace() throws Exception {

        SortingRulesConfig rules = new SortingRulesConfig(List.of(
                new Rule("fine", "${header.FITS_RLEVEL} == 91", Action.PLACE, null, null),
                new Rule("broken", "${header.FITS_EXPTIME} <<< ", Action.DROP, null, null)));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            assertThatThrownBy(() -> SortingRules.compile(context, rules, "routes/sorting.rules.yaml"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("routes/sorting.rules.yaml: rules[1] (broken): ");
        }
    }
}
