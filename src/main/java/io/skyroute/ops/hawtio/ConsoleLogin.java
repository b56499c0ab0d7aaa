package io.skyroute.ops.hawtio;

import io.skyroute.ops.ManagementAccess;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import java.io.IOException;
import java.io.Serializable;
import java.security.Principal;
import java.util.Map;

/**
 * Hawtio's log-in (JAAS realm {@value #REALM}): the management server's users, checked against their
 * passwords from the environment; a user who logs in gets the {@value #ROLE} role the console asks for.
 */
public final class ConsoleLogin implements LoginModule {

    public static final String REALM = "skyroute";
    public static final String ROLE = "operator";
    private static final String ACCESS = "access";

    /** A logged-in user. */
    public record UserPrincipal(String getName) implements Principal, Serializable {
    }

    /** The role a logged-in user holds (Hawtio recognises roles by this class's name). */
    public record RolePrincipal(String getName) implements Principal, Serializable {
    }

    private Subject subject;
    private CallbackHandler callbacks;
    private ManagementAccess access;
    private String user;

    /** The JAAS configuration with the skyroute realm answered by this module; other realms as before. */
    static Configuration configuration(ManagementAccess access, Configuration previous) {
        return new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                if (REALM.equals(name)) {
                    return new AppConfigurationEntry[]{new AppConfigurationEntry(ConsoleLogin.class.getName(),
                            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of(ACCESS, access))};
                }
                return previous == null ? null : previous.getAppConfigurationEntry(name);
            }
        };
    }

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        this.access = (ManagementAccess) options.get(ACCESS);
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            callbacks.handle(new Callback[]{name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("cannot ask for the user's credentials: " + e.getMessage());
        }
        char[] given = password.getPassword() == null ? new char[0] : password.getPassword();
        password.clearPassword();
        if (access == null || name.getName() == null || !access.accepts(name.getName(), given)) {
            throw new FailedLoginException("unknown user or wrong password");
        }
        user = name.getName();
        return true;
    }

    @Override
    public boolean commit() {
        if (user == null) {
            return false;
        }
        subject.getPrincipals().add(new UserPrincipal(user));
        subject.getPrincipals().add(new RolePrincipal(ROLE));
        return true;
    }

    @Override
    public boolean abort() {
        user = null;
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeIf(p -> p instanceof UserPrincipal || p instanceof RolePrincipal);
        user = null;
        return true;
    }
}
