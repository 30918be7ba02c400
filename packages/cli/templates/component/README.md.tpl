# __TITLE__ for Interflow

An Interflow component made with `interflow component init __NAME__`:

- a credential kind, **__TITLE__ API key** (an API address and a key), which *Verify* checks with
  one authenticated request;
- an action, **Create record** (`createRecord`): creates a record from the message's body;
- a polling trigger, **New or updated records** (`newRecords`): each run emits what changed since
  the last one, keeping a timestamp in its snapshot.

```sh
npm install
npm test            # runs the functions as a step runner would, against a local stand-in of the API
npm run typecheck
npm run build       # interflow component build .: its own image, installed in your workspace
```

Change `src/index.ts` to talk to your application; keep the tests in `test/` answering as it does.
How each part works: *Write a component* in Interflow's docs (docs/write-a-component.md).
