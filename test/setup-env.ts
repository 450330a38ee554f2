// Node 20 is this project's runtime; the SDK's notice about its future Node 22 floor is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// The fleet-wide call budget (UPSTREAM_CALLS_PER_SECOND, default 10) would stretch every cold test dashboard to
// seconds; tests that are about the budget set it themselves (test/upstream/, bench/budget).
process.env.UPSTREAM_CALLS_PER_SECOND ??= '0';
