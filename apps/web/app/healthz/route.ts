// Alive: the web app answers (a supervisor restarts it otherwise). Nothing it depends on is asked.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ ok: true });
}
