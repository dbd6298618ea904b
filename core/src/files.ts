/**
 * What `@studio-teams/core/files` gives: writing a file whole or not at all, and keeping a marked
 * block inside a file the user also edits. Node built-ins only, so small programs (`sm-ssh proxy`,
 * the git credential helper) can load it without the AWS SDK that the package's main entry brings.
 */
export * from './files/read-text';
export * from './files/atomic-write';
export * from './files/marked-block';
