/** The shell: a top bar with the sections, and the page the URL names. */
import { ErrorBoundary } from './components/ErrorBoundary.js';
import { PreferenceToggles } from './components/PreferenceToggles.js';
import { Link, useLocation, type Location } from './router.js';
import { matchRoute, paths, type Route } from './routes.js';
import { DefinitionsPage } from './pages/DefinitionsPage.js';
import { ExecutionPage } from './pages/ExecutionPage.js';
import { ExecutionsPage } from './pages/ExecutionsPage.js';
import { QueuesPage } from './pages/QueuesPage.js';
import { SchedulesPage } from './pages/SchedulesPage.js';
import { TaskSearchPage } from './pages/TaskSearchPage.js';
import { NewTaskDefPage, TaskDefPage } from './pages/TaskDefPage.js';
import { NewWorkflowDefPage, WorkflowDefPage } from './pages/WorkflowDefPage.js';

const SECTIONS: Array<{ label: string; to: string; pages: Route['page'][] }> = [
  { label: 'Executions', to: paths.executions, pages: ['executions', 'execution'] },
  {
    label: 'Definitions',
    to: paths.definitions,
    pages: ['definitions', 'workflowDef', 'newWorkflowDef', 'taskDef', 'newTaskDef'],
  },
  { label: 'Tasks', to: paths.tasks, pages: ['tasks'] },
  { label: 'Queues', to: paths.queues, pages: ['queues'] },
  { label: 'Schedules', to: paths.schedules, pages: ['schedules'] },
];

export function App() {
  const location = useLocation();
  const route = matchRoute(location.path);
  return (
    <>
      <nav className="topbar">
        <Link to={paths.executions} className="brand">
          Baton
        </Link>
        {SECTIONS.map((section) => (
          <Link
            key={section.label}
            to={section.to}
            className={section.pages.includes(route.page) ? 'nav-link active' : 'nav-link'}
          >
            {section.label}
          </Link>
        ))}
        <a
          className="nav-link api-link"
          href="/api-docs"
          target="_blank"
          rel="noreferrer"
          title="API reference (OpenAPI)"
        >
          API
        </a>
        <PreferenceToggles />
      </nav>
      <main>
        <ErrorBoundary key={location.path}>
          <Page route={route} location={location} />
        </ErrorBoundary>
      </main>
    </>
  );
}

function Page({ route, location }: { route: Route; location: Location }) {
  switch (route.page) {
    case 'executions':
      return <ExecutionsPage location={location} />;
    case 'execution':
      return <ExecutionPage key={route.workflowId} workflowId={route.workflowId} />;
    case 'definitions':
      return <DefinitionsPage location={location} />;
    case 'workflowDef':
      return <WorkflowDefPage key={route.name} name={route.name} location={location} />;
    case 'newWorkflowDef':
      return <NewWorkflowDefPage />;
    case 'taskDef':
      return <TaskDefPage key={route.name} name={route.name} />;
    case 'newTaskDef':
      return <NewTaskDefPage />;
    case 'queues':
      return <QueuesPage />;
    case 'tasks':
      return <TaskSearchPage location={location} />;
    case 'schedules':
      return <SchedulesPage />;
    case 'notFound':
      return (
        <div className="page">
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{location.path}</code>.{' '}
            <Link to={paths.executions}>Go to the executions</Link>.
          </p>
        </div>
      );
  }
}
