node_modules
*.tgz
