/** Tasks as bars on the run's time axis; a click selects the task in the panel. */
import { useMemo } from 'react';
import type { Task } from '../api/types.js';
import { formatDuration, spanMs } from '../format.js';
import { statusLabel } from '../status.js';
import { buildTimeline } from '../timeline/bars.js';
import { Empty } from './States.js';
import { Time } from './Time.js';

interface TimelineProps {
  tasks: readonly Task[];
  now: number;
  selectedTaskId?: string;
  onSelect: (task: Task) => void;
}

export function Timeline({ tasks, now, selectedTaskId, onSelect }: TimelineProps) {
  const model = useMemo(() => buildTimeline(tasks, now), [tasks, now]);
  if (model.bars.length === 0) return <Empty>No task has been scheduled yet.</Empty>;
  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline-axis">
        <span className="timeline-label-col">{<Time value={model.from} />}</span>
        <div className="timeline-track">
          {model.ticks.map((tick) => (
            <span key={tick.at} className="timeline-tick" style={{ left: `${tick.at}%` }}>
              {tick.label}
            </span>
          ))}
        </div>
      </div>
      {model.bars.map((bar) => {
        const { task } = bar;
        const title =
          `${task.referenceTaskName} · ${statusLabel(task.status)}\n` +
          `waited ${formatDuration(spanMs(task.scheduledTime, task.startTime || task.endTime, now))}, ` +
          `ran ${formatDuration(spanMs(task.startTime, task.endTime, now))}`;
        return (
          <button
            type="button"
            key={task.taskId}
            className={`timeline-row${task.taskId === selectedTaskId ? ' selected' : ''}`}
            onClick={() => onSelect(task)}
            title={title}
          >
            <span className="timeline-label-col">
              <span className="timeline-ref">{task.referenceTaskName}</span>
              {task.retryCount > 0 && <span className="timeline-retry">retry {task.retryCount}</span>}
            </span>
            <span className="timeline-track">
              <span
                className="timeline-wait"
                style={{ left: `${bar.scheduledAt}%`, width: `${bar.startedAt - bar.scheduledAt}%` }}
              />
              <span
                className={`timeline-bar status-${task.status}${bar.running ? ' running' : ''}`}
                style={{ left: `${bar.startedAt}%`, width: `max(${bar.endedAt - bar.startedAt}%, 3px)` }}
              />
            </span>
          </button>
        );
      })}
    </div>
  );
}
