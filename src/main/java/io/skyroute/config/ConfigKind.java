package io.skyroute.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The configuration formats skyroute reads: its own file and the seed pipeline's formats as they are. */
public enum ConfigKind {
    SKYROUTE("skyroute", "the daemon's own configuration (skyroute.yaml)", SkyrouteConfig.class,
            Set.of("data_dir", "database", "schedules", "management", "drop", "sorting", "routes_dir", "download", "reduction_manager", "tom", "dropbox")),
    DATA_DOWNLOAD("data_download", "the LCO download configuration (data_download.yaml)", DataDownloadConfig.class,
            Set.of("archives", "frame_list", "data_download_dir", "start_datetime", "end_datetime", "default_red_config")),
    REDUCTION("reduction_config", "a dataset's reduction configuration (reduction_config.yaml)", ReductionConfig.class,
            Set.of("target", "photometry")),
    REDUCTION_MANAGER("reduction_manager", "the reduction manager configuration (reduction_manager.yaml)", ReductionManagerConfig.class,
            Set.of("dataset_selection", "max_parallel", "instrument_list", "software_dir")),
    TOM("tom", "the TOM connection (tom_config.yaml)", TomConfig.class,
            Set.of("tom_user_id", "tom_password", "tom_password_envvar")),
    DROPBOX("dropbox", "the Dropbox survey-release access (dropbox.cfg)", DropboxConfig.class, Set.of()),
    SORTING_RULES("sorting_rules", "the sorting rules (sorting.rules.yaml)", SortingRulesConfig.class, Set.of("rules")),
    MANAGEMENT_USERS("management_users", "the users of the management server and Hawtio (management-users.yaml)", ManagementUsersConfig.class,
            Set.of("users"));

    private final String id;
    private final String description;
    private final Class<?> type;
    private final Set<String> telltaleKeys;

    ConfigKind(String id, String description, Class<?> type, Set<String> telltaleKeys) {
        this.id = id;
        this.description = description;
        this.type = type;
        this.telltaleKeys = telltaleKeys;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public Class<?> type() {
        return type;
    }

    /** The kind named by {@code --kind} (its id, case-insensitive). */
    public static ConfigKind byId(String id) {
        for (ConfigKind kind : values()) {
            if (kind.id.equalsIgnoreCase(id) || kind.name().equalsIgnoreCase(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown kind '" + id + "'; expected one of " + ids());
    }

    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (ConfigKind kind : values()) {
            ids.add(kind.id);
        }
        return ids;
    }

    /**
     * Recognises a YAML file by the keys only its kind uses at the top level; when the keys do not
     * decide, falls back to the seed's usual file name. Throws when neither decides.
     */
    static ConfigKind detect(Path file, JsonNode tree) {
        ConfigKind best = null;
        int bestScore = 0;
        boolean tie = false;
        if (tree.isObject()) {
            for (ConfigKind kind : values()) {
                int score = 0;
                for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
                    if (kind.telltaleKeys.contains(names.next())) {
                        score++;
                    }
                }
                if (score > bestScore) {
                    best = kind;
                    bestScore = score;
                    tie = false;
                } else if (score == bestScore && score > 0) {
                    tie = true;
                }
            }
        }
        if (best != null && !tie) {
            return best;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ConfigKind kind : values()) {
            if (name.startsWith(kind.id) || name.contains(kind.id)) {
                return kind;
            }
        }
        throw new ConfigException(List.of(new ConfigProblem(file, "",
                "cannot tell which kind of configuration this is; name it with --kind (one of " + ids() + ")")));
    }
}
