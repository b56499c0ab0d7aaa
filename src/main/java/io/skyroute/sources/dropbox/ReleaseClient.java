package io.skyroute.sources.dropbox;

import com.dropbox.core.DbxDownloader;
import com.dropbox.core.DbxException;
import com.dropbox.core.DbxRequestConfig;
import com.dropbox.core.InvalidAccessTokenException;
import com.dropbox.core.NetworkIOException;
import com.dropbox.core.RateLimitException;
import com.dropbox.core.ServerException;
import com.dropbox.core.v2.DbxClientV2;
import com.dropbox.core.v2.files.FileMetadata;
import com.dropbox.core.v2.files.FolderMetadata;
import com.dropbox.core.v2.files.ListFolderResult;
import com.dropbox.core.v2.files.Metadata;
import com.dropbox.core.v2.files.SharedLink;
import com.dropbox.core.v2.sharing.FileLinkMetadata;
import com.dropbox.core.v2.sharing.SharedLinkMetadata;
import io.skyroute.config.Secret;
import io.skyroute.pipeline.PermanentFailure;
import io.skyroute.pipeline.TransientFailure;
import io.skyroute.pipeline.Checksums;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/**
 * A survey release behind a Dropbox shared link (optionally password-protected), through the Dropbox
 * SDK's {@link DbxClientV2}: the whole tree listed folder by folder (shared-link listings cannot be
 * recursive) following {@code has_more} cursors, and files streamed to disk while their Dropbox content
 * hash (and MD5) are computed. Errors are classified: a refused token stops everything (permanent), a
 * missing file or refused link is reported per file (permanent), 429 and 5xx are transient.
 */
public final class ReleaseClient {

    private final DbxClientV2 client;
    private final String sharedUrl;
    private final String password;

    public ReleaseClient(DropboxHosts hosts, Secret accessToken, String sharedUrl, Secret linkPassword, String userAgent) {
        DbxRequestConfig config = DbxRequestConfig.newBuilder(userAgent).withHttpRequestor(hosts.requestor()).withAutoRetryDisabled().build();
        this.client = new DbxClientV2(config, accessToken.reveal(), hosts.host());
        this.sharedUrl = sharedUrl;
        this.password = linkPassword == null ? null : linkPassword.reveal();
    }

    /**
     * The client a {@code dropbox.cfg} describes: token and link password from the environment variables it
     * names (the seed's plain values accepted), hosts from {@code DROPBOX_API_HOST}/{@code DROPBOX_API_CONTENT_HOST}.
     */
    public static ReleaseClient fromConfig(Path file, io.skyroute.config.Secrets environment, String userAgent) {
        io.skyroute.config.DropboxConfig.Section dbx = new io.skyroute.config.ConfigLoader(java.util.Map.of())
                .load(file, io.skyroute.config.ConfigKind.DROPBOX, io.skyroute.config.DropboxConfig.class).dropbox();
        String name = file.getFileName().toString();
        Secret token = dbx.accessTokenEnvvar() != null ? environment.require(dbx.accessTokenEnvvar(), name + ": access_token_envvar")
                : io.skyroute.config.Secrets.plain(dbx.accessToken(), name + ": access_token");
        Secret password = dbx.passwordEnvvar() != null ? environment.fromVariable(dbx.passwordEnvvar()).orElse(null)
                : dbx.password() == null ? null : io.skyroute.config.Secrets.plain(dbx.password(), name + ": password");
        return new ReleaseClient(DropboxHosts.fromEnvironment(environment), token, dbx.sharedUrl(), password, userAgent);
    }

    /** Every file under {@code root} ("" for the whole release), depth first, in listing order. */
    public List<ReleaseFile> list(String root) {
        List<ReleaseFile> files = new ArrayList<>();
        Deque<String> folders = new ArrayDeque<>();
        folders.push(root);
        while (!folders.isEmpty()) {
            String folder = folders.pop();
            List<String> subfolders = new ArrayList<>();
            try {
                ListFolderResult page = client.files().listFolderBuilder(folder).withSharedLink(new SharedLink(sharedUrl, password)).start();
                while (true) {
                    for (Metadata entry : page.getEntries()) {
                        String path = folder + "/" + entry.getName();
                        if (entry instanceof FolderMetadata) {
                            subfolders.add(path);
                        } else if (entry instanceof FileMetadata file) {
                            files.add(new ReleaseFile(path, file.getSize(), file.getContentHash(), null));
                        }
                    }
                    if (!page.getHasMore()) {
                        break;
                    }
                    page = client.files().listFolderContinue(page.getCursor());
                }
            } catch (DbxException e) {
                throw classify("listing " + (folder.isEmpty() ? "/" : folder), e);
            }
            for (int i = subfolders.size() - 1; i >= 0; i--) {
                folders.push(subfolders.get(i));
            }
        }
        return files;
    }

    /** What a download produced: the hashes of the bytes written. */
    public record Downloaded(long bytes, String contentHash, String md5) {
    }

    /** Streams a release file into {@code target} (the caller renames it into place after checking the hashes). */
    public Downloaded download(String path, Path target) {
        try (DbxDownloader<SharedLinkMetadata> downloader = client.sharing().getSharedLinkFileBuilder(sharedUrl).withPath(path)
                .withLinkPassword(password).start();
             InputStream in = downloader.getInputStream();
             OutputStream out = Files.newOutputStream(target)) {
            ContentHash contentHash = new ContentHash();
            MessageDigest md5 = Checksums.newDigest("MD5");
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                contentHash.update(buffer, 0, n);
                md5.update(buffer, 0, n);
                total += n;
            }
            // the link metadata's size catches a short body even when the file list carries no checksum
            if (downloader.getResult() instanceof FileLinkMetadata file && file.getSize() != total) {
                throw new TransientFailure(path + ": received " + total + " of its " + file.getSize() + " bytes");
            }
            return new Downloaded(total, contentHash.hex(), HexFormat.of().formatHex(md5.digest()));
        } catch (DbxException e) {
            throw classify(path, e);
        } catch (IOException e) {
            throw new TransientFailure(path + ": " + e.getMessage(), e);
        }
    }

    private static RuntimeException classify(String what, DbxException e) {
        if (e instanceof InvalidAccessTokenException) {
            return new PermanentFailure("Dropbox refused the access token (401): check access_token in dropbox.cfg", e);
        }
        if (e instanceof RateLimitException rate) {
            return new TransientFailure(what + ": rate limited (429)", e, Duration.ofMillis(Math.max(0, rate.getBackoffMillis())));
        }
        if (e instanceof ServerException || e instanceof NetworkIOException) {
            return new TransientFailure(what + ": " + e.getMessage(), e);
        }
        if (e instanceof com.dropbox.core.v2.files.ListFolderErrorException listing && listing.errorValue.isOther()) {
            // the SDK keeps no summary for error tags it does not know; for a shared link that is the link itself being refused
            return new PermanentFailure(what + ": Dropbox refused the shared link (HTTP 409, shared_link_access_denied or not found):"
                    + " check shared_url and the link password", e);
        }
        return new PermanentFailure(what + ": " + e.getMessage(), e);
    }
}
