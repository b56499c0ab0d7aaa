package io.skyroute.app;

import io.skyroute.config.ConfigException;
import io.skyroute.config.ConfigKind;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.ConfigProblem;
import io.skyroute.config.DataDownloadConfig;
import io.skyroute.config.DataDownloadConfig.ArchiveConfig;
import io.skyroute.config.Secret;
import io.skyroute.config.Secrets;
import io.skyroute.config.ReductionManagerConfig;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.config.SortingConfig;
import io.skyroute.config.SortingRulesConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run needs from configuration: the daemon's tree, the seed files it names (loaded and
 * validated), and the secrets those name, resolved from the environment. Missing secrets are
 * configuration problems reported with the file and key that name them.
 */
public record SkyrouteSetup(
        SkyrouteConfig daemon,
        Path downloadFile,
        DataDownloadConfig download,
        Map<String, Secret> archiveTokens,
        SortingConfig sorting,
        SortingRulesConfig sortingRules,
        String sortingRulesOrigin,
        Secrets secrets,
        Clock clock,
        ReductionManagerConfig reductionManager) {

    public static SkyrouteSetup load(SkyrouteConfig daemon, ConfigLoader loader, Secrets secrets) {
        return withDownload(daemon, daemon.download(), loader, secrets);
    }

    /** As {@link #load}, with the LCO download configuration taken from {@code downloadFile} (the one-shot command's argument). */
    public static SkyrouteSetup withDownload(SkyrouteConfig daemon, Path downloadFile, ConfigLoader loader, Secrets secrets) {
        Path rulesFile = daemon.sorting().rules();
        SortingRulesConfig rules = rulesFile != null
                ? loader.load(rulesFile, ConfigKind.SORTING_RULES, SortingRulesConfig.class)
                : loader.loadResource(BUILT_IN_RULES, ConfigKind.SORTING_RULES, SortingRulesConfig.class);
        String rulesOrigin = rulesFile != null ? rulesFile.toString() : "(built-in) " + BUILT_IN_RULES;
        ReductionManagerConfig manager = daemon.reductionManager() != null
                ? loader.load(daemon.reductionManager(), ConfigKind.REDUCTION_MANAGER, ReductionManagerConfig.class)
                : ReductionManagerConfig.defaultsFor(daemon.sorting().reductionDir());
        if (downloadFile == null) {
            return new SkyrouteSetup(daemon, null, null, Map.of(), daemon.sorting(), rules, rulesOrigin, secrets, Clock.systemUTC(), manager);
        }
        DataDownloadConfig download = loader.load(downloadFile, ConfigKind.DATA_DOWNLOAD, DataDownloadConfig.class);
        // the seed's one-shot download sorts into its own data_reduction_dir with its default_red_config
        SortingConfig sorting = daemon.sorting().with(download.dataReductionDir(), download.defaultRedConfig());
        return new SkyrouteSetup(daemon, downloadFile, download, tokens(downloadFile, download, secrets), sorting, rules, rulesOrigin,
                secrets, Clock.systemUTC(), manager);
    }

    /** The same set-up with another number of survey workers ({@code survey run --threads}). */
    public SkyrouteSetup withProjectThreads(int threads) {
        return new SkyrouteSetup(daemon.withProject(daemon.project() == null ? null : daemon.project().withThreads(threads)), downloadFile, download,
                archiveTokens, sorting, sortingRules, sortingRulesOrigin, secrets, clock, reductionManager);
    }

    /** The same set-up with another reduction manager configuration (the one-shot {@code manage} command's argument). */
    public SkyrouteSetup withReductionManager(ReductionManagerConfig manager) {
        return new SkyrouteSetup(daemon, downloadFile, download, archiveTokens, sorting, sortingRules, sortingRulesOrigin, secrets, clock, manager);
    }

    static final String BUILT_IN_RULES = "default-sorting.rules.yaml";

    private static Map<String, Secret> tokens(Path file, DataDownloadConfig download, Secrets secrets) {
        Map<String, Secret> tokens = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (ArchiveConfig archive : download.activeArchives()) {
            String key = "archives." + archive.id() + ".token_envvar";
            secrets.fromVariable(archive.tokenEnvvar()).ifPresentOrElse(
                    token -> tokens.put(archive.id(), token),
                    () -> problems.add(new ConfigProblem(file, key,
                            "environment variable '" + archive.tokenEnvvar() + "' is not set (the token of active archive '" + archive.id() + "')")));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return tokens;
    }
}
