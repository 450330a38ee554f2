// Node 20 is this project's runtime; the SDK's notice about its future Node 22 floor is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
