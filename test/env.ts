// The SDK's runtime pulls in aws-sdk v2, which prints an end-of-support notice
// on load; it says nothing about this project.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';
