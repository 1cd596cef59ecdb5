package dev.netservices.common.admin;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

/**
 * What guards a service's admin login, as that service's settings give it: the failed-login budget per address and
 * the per-account reserve ({@link LoginThrottleFilter}), and the largest request body ({@link RequestBodyLimit}).
 * Each service binds these under its own {@code <service>.admin.*} settings with the same names
 * ({@code failed-login-burst}, ..., {@code max-body-size}); {@code settings} is that prefix, so a refusal names the
 * setting the operator would change.
 *
 * @param settings                 the settings' prefix, e.g. {@code chat.admin}
 * @param realm                    the Basic-auth realm named in a 401
 * @param failedLoginBurst         wrong credentials one address may try at once
 * @param failedLoginRefill        time in which such an address earns one try back
 * @param failedLoginAddresses     addresses (and accounts) whose budget is remembered at once
 * @param failedLoginAccountBurst  the reserve of one account for addresses whose own budget is spent
 * @param failedLoginAccountRefill time in which an account's reserve earns one try back
 * @param maxBodySize              largest request body read
 */
public record AdminLogin(String settings, String realm, int failedLoginBurst, Duration failedLoginRefill,
        int failedLoginAddresses, int failedLoginAccountBurst, Duration failedLoginAccountRefill, DataSize maxBodySize) {

    // The defaults of every service's <service>.admin.* settings, written once (@DefaultValue takes constants only).
    public static final String DEFAULT_USERNAME = "admin";
    public static final String DEFAULT_FAILED_LOGIN_BURST = "5";
    public static final String DEFAULT_FAILED_LOGIN_REFILL = "10s";
    public static final String DEFAULT_FAILED_LOGIN_ADDRESSES = "10000";
    public static final String DEFAULT_FAILED_LOGIN_ACCOUNT_BURST = "3";
    public static final String DEFAULT_FAILED_LOGIN_ACCOUNT_REFILL = "1m";
    public static final String DEFAULT_MAX_BODY_SIZE = "64KB";

    /** {@code settings.name}: the full name of one of these settings. */
    String setting(String name) {
        return settings + "." + name;
    }
}
