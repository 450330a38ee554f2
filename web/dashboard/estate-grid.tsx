import { useMemo, useState } from 'preact/hooks';
import { ErrorNote } from './errors';
import { useEstate } from './estate';
import { PipelineCard } from './pipeline-card';
import { type PipelineView } from './queries';
import { placementOf } from './status';

/** Pipelines grouped by account, then region, in name order. */
function groupByPlacement(pipelines: PipelineView[]): [string, [string, PipelineView[]][]][] {
  const accounts = new Map<string, Map<string, PipelineView[]>>();
  for (const p of pipelines) {
    const { account, region } = placementOf(p.arn);
    const regions = accounts.get(account) ?? new Map<string, PipelineView[]>();
    accounts.set(account, regions);
    regions.set(region, [...(regions.get(region) ?? []), p]);
  }
  return [...accounts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([account, regions]) => [
      account,
      [...regions.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([region, list]) => [region, list.sort((x, y) => x.name.localeCompare(y.name))]),
    ]);
}

/** The estate: every pipeline the principal may see, live, grouped by account and region, filtered by name. */
export function EstateGrid({ canOperate }: { canOperate: boolean }) {
  const { pipelines, error } = useEstate();
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return (pipelines ?? []).filter((p) => needle === '' || p.name.toLowerCase().includes(needle));
  }, [pipelines, filter]);
  const groups = useMemo(() => groupByPlacement(shown), [shown]);
  return (
    <section class="estate">
      <div class="toolbar">
        <input
          type="search"
          name="filter"
          placeholder="Filter pipelines by name"
          aria-label="Filter pipelines by name"
          value={filter}
          onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
        />
        <span class="count">
          {pipelines ? `${shown.length} of ${pipelines.length} pipelines` : 'Loading…'}
        </span>
      </div>
      <ErrorNote error={error} />
      {groups.map(([account, regions]) => (
        <section class="account" key={account} data-account={account}>
          <h2>Account {account}</h2>
          {regions.map(([region, list]) => (
            <section class="region" key={region} data-region={region}>
              <h3>{region}</h3>
              <div class="grid">
                {list.map((p) => (
                  <PipelineCard key={p.name} pipeline={p} canOperate={canOperate} />
                ))}
              </div>
            </section>
          ))}
        </section>
      ))}
    </section>
  );
}
